// The C interfaces the LinearAlgebra module calls: LAPACKE (LAPACK's C interface) and OpenBLAS's CBLAS,
// which also declares openblas_set_num_threads / openblas_get_num_threads.
#include <lapacke.h>
#include <cblas.h>
