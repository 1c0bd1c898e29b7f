// FFTW 3 (double precision), which FFT-accelerated t-SNE uses for its kernel convolutions on the interpolation grid.
// Debian's libfftw3-dev installs the header as fftw3.h and the library as libfftw3.
#include <fftw3.h>
