#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, and <libxml/encoding.h> then includes ICU's headers, which clash
// with the ICU that Foundation bundles ("UErrorCode has different definitions"). Without the ICU
// part only the two trailing ICU pointers of xmlCharEncodingHandler disappear from Swift's view
// of that struct, which peacetrack never touches.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
