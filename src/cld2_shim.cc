// cld2_shim.cc -- the one C++ file: exposes CLD2's detector to C.
//
// CLD2 has only a C++ API. This shim turns it into one extern "C" call so
// that langid.c can stay C. (Comments in this file are C++ style because
// it is C++.)
#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

extern "C" const char *td_cld2_detect(const char *buf, int len, int is_plain,
                                      int *reliable, int *percent,
                                      const char **second, int *percent2)
{
    CLD2::Language top3[3];
    int pct3[3];
    double scores[3];
    int text_bytes = 0, valid_prefix = 0;
    bool is_reliable = false;
    CLD2::CLDHints hints = {NULL, NULL, CLD2::UNKNOWN_ENCODING,
                            CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        buf, len, is_plain != 0, &hints, 0, top3, pct3, scores, NULL,
        &text_bytes, &is_reliable, &valid_prefix);
    *reliable = is_reliable ? 1 : 0;
    *percent = pct3[0];
    *second = CLD2::LanguageCode(top3[1]);
    *percent2 = pct3[1];
    return CLD2::LanguageCode(lang);
}
