// libpng's simplified reading API and libjpeg-turbo's TurboJPEG API: both report errors by
// return value and message, never by longjmp or exit, so Swift calls them directly.
#include <png.h>
#include <turbojpeg.h>

static inline int sb_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline unsigned int sb_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline int sb_png_failed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }
