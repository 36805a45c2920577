#ifndef CFITSIO_SHIM_H
#define CFITSIO_SHIM_H
#include <fitsio.h>
/* Long names (fits_create_file, ...) are #defines in longnam.h that Swift cannot import.
   The FITS module calls the short names: ffinit ffopen ffclos ffcrim ffpky* ffppr ffcrtb ffpcl
   ffthdu ffmnhd ffmahd ffgidm ffgisz ffgky ffgpv ffgnrw ffgcv ffgerr. */
#endif
