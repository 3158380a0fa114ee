/*
 * Prints Unicode's confusable mappings (UTS #39 confusables.txt, the "MA" table) as ICU compiled
 * them, one line per source code point: "SOURCE TARGET..." in hex. Used by generate.sh to write
 * catalog/confusables.json; see docs/api.md#look-alike-usernames.
 *
 * ICU has no API for the table itself, but uspoof_getSkeleton(X) is NFD(map(NFD(X))): for a code
 * point that NFD leaves alone, its skeleton is exactly its mapping (after NFD). Code points that
 * NFD changes never reach the mapping step: their decomposition does.
 */
#include <stdio.h>
#include <unicode/uspoof.h>
#include <unicode/unorm2.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

int main(void) {
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker *checker = uspoof_open(&status);
  const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
  if (U_FAILURE(status)) { fprintf(stderr, "ICU: %s\n", u_errorName(status)); return 1; }
  UVersionInfo unicode;
  u_getUnicodeVersion(unicode);
  printf("# ICU %s, Unicode %d.%d.%d\n", U_ICU_VERSION, unicode[0], unicode[1], unicode[2]);
  for (UChar32 c = 0; c <= 0x10FFFF; c++) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    UChar in[2], out[64];
    int32_t len = 0;
    U16_APPEND_UNSAFE(in, len, c);
    status = U_ZERO_ERROR;
    if (!unorm2_isNormalized(nfd, in, len, &status)) continue;
    status = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeleton(checker, 0, in, len, out, 64, &status);
    if (U_FAILURE(status)) { fprintf(stderr, "U+%04X: %s\n", c, u_errorName(status)); return 1; }
    if (n == len && u_strncmp(in, out, len) == 0) continue;
    printf("%X", c);
    for (int32_t i = 0; i < n;) { UChar32 t; U16_NEXT(out, i, n, t); printf(" %X", t); }
    printf("\n");
  }
  uspoof_close(checker);
  return 0;
}
