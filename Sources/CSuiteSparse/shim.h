// SuiteSparse's CHOLMOD (sparse Cholesky), which LLE uses for shift-invert on its sparse cost matrix.
// Debian's libsuitesparse-dev installs the headers under suitesparse/ and ships no pkg-config file.
#include <suitesparse/cholmod.h>
