/*===- microscale-c/Formats.h - C API of the numerics core -------*- C -*-===*\
|*                                                                            *|
|* A plain C interface over microscale's numerics core (lib/Formats), so that *|
|* tools written in other languages (the Python tests' ctypes oracle, C       *|
|* callers of compiled kernels) use the exact same rules as the compiler.     *|
|* Arrays are row-major and contiguous. Functions that can fail return 0 on   *|
|* success and a negative MsStatus otherwise; msLastError() says why.         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef MICROSCALE_C_FORMATS_H
#define MICROSCALE_C_FORMATS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element and scale formats of Numerics §1. */
typedef enum MsFormat {
  MS_FORMAT_E2M1 = 0,
  MS_FORMAT_E2M3 = 1,
  MS_FORMAT_E3M2 = 2,
  MS_FORMAT_E4M3 = 3,
  MS_FORMAT_E5M2 = 4,
  MS_FORMAT_INT8 = 5, /* MXINT8 element: two's complement, implicit 2^-6 */
  MS_FORMAT_E8M0 = 6,
  MS_FORMAT_UE4M3 = 7,
} MsFormat;

/* Block scale exponent rule for E8M0-scaled schemes (Numerics §2.2, §2.3). */
typedef enum MsScaleRule {
  MS_SCALE_FLOOR = 0,
  MS_SCALE_RCEIL = 1,
} MsScaleRule;

typedef enum MsStatus {
  MS_OK = 0,
  MS_ERROR_INVALID_ARGUMENT = -1,
} MsStatus;

/* A block-scaling scheme: element format, block size, scale format, and
 * whether a per-tensor f32 (decode-direction) global scale comes with it. */
typedef struct MsScheme {
  MsFormat element;
  int32_t blockSize;
  MsFormat scale; /* MS_FORMAT_E8M0 or MS_FORMAT_UE4M3 */
  int32_t hasGlobal;
} MsScheme;

/* Looks up a named scheme (mxfp8_e4m3, mxfp8_e5m2, mxfp6_e2m3, mxfp6_e3m2,
 * mxfp4, mxint8, nvfp4). Returns MS_OK and fills *out, or an error. */
int32_t msSchemeByName(const char *name, MsScheme *out);

/* Checks that a scheme makes sense (known formats, positive block size that
 * is a multiple of the packing unit, scale format allowed for the element). */
int32_t msSchemeVerify(const MsScheme *scheme);

/* Bits per stored element (4, 6 or 8) and elements per packing unit
 * (2 for 4-bit, 4 for 6-bit, 1 otherwise). */
int32_t msFormatBits(MsFormat format);
int32_t msFormatPackingUnit(MsFormat format);

/* Element codecs, one code per byte (low bits), Numerics §1. */
void msEncode(MsFormat format, const float *in, uint8_t *codes, size_t n);
void msDecode(MsFormat format, const uint8_t *codes, float *out, size_t n);

/* Packing of codes (one per byte) into storage bytes and back (Numerics §5).
 * n must be a multiple of the packing unit. */
int32_t msPack(MsFormat format, const uint8_t *codes, uint8_t *packed,
               size_t n);
int32_t msUnpack(MsFormat format, const uint8_t *packed, uint8_t *codes,
                 size_t n);

/* Storage sizes, in bytes, of a [rows, cols] tensor under a scheme. */
size_t msDataBytes(const MsScheme *scheme, int64_t rows, int64_t cols);
size_t msScaleBytes(const MsScheme *scheme, int64_t rows, int64_t cols);

/* Quantizes a row-major [rows, cols] f32 array. `data` receives packed
 * element bytes, `scales` one byte per block in row_major layout
 * [rows, cols / block]. For schemes with a global scale, `givenGlobal` may
 * point to a static decode-direction global (Numerics §3.3) or be NULL to
 * compute it from the data; the global used is written to *globalOut. */
int32_t msQuantize(const MsScheme *scheme, MsScaleRule rule, const float *x,
                   int64_t rows, int64_t cols, const float *givenGlobal,
                   uint8_t *data, uint8_t *scales, float *globalOut);

/* Dequantizes storage back to a row-major f32 array (Numerics §2.6, §3.5).
 * `global` is ignored for schemes without one. */
int32_t msDequantize(const MsScheme *scheme, const uint8_t *data,
                     const uint8_t *scales, float global, int64_t rows,
                     int64_t cols, float *out);

/* Row-major scale layouts (Numerics §5): [rows, cols] bytes <-> the swizzled
 * "128x4" layout of msSwizzledBytes(rows, cols) bytes, padding zeroed. */
size_t msSwizzledBytes(int64_t rows, int64_t cols);
void msSwizzleScales(const uint8_t *rowMajor, int64_t rows, int64_t cols,
                     uint8_t *swizzled);
void msUnswizzleScales(const uint8_t *swizzled, int64_t rows, int64_t cols,
                       uint8_t *rowMajor);

/* Reference block-scaled matmul C[M,N] = A[M,K] . B[N,K]^T in f32
 * accumulation (plus acc when non-NULL), both operands quantized. */
int32_t msMatmul(const MsScheme *schemeA, const uint8_t *dataA,
                 const uint8_t *scalesA, float globalA,
                 const MsScheme *schemeB, const uint8_t *dataB,
                 const uint8_t *scalesB, float globalB, int64_t m, int64_t n,
                 int64_t k, const float *acc, float *c);

/* A description of the last error on this thread, or "" if none. */
const char *msLastError(void);

#ifdef __cplusplus
}
#endif

#endif /* MICROSCALE_C_FORMATS_H */
