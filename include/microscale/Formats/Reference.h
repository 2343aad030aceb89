//===- Reference.h - Reference quantize, dequantize, matmul -----*- C++ -*-===//
//
// Whole-array reference operations over row-major [rows, cols] tensors,
// blocks running along cols. Storage is Numerics §5's: packed element bytes
// [rows, cols * bits / 8] and row_major scales [rows, cols / blockSize].
// These are the CPU baselines benchmarks compare against and the oracle the
// lowerings are tested with.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_FORMATS_REFERENCE_H
#define MICROSCALE_FORMATS_REFERENCE_H

#include "microscale/Formats/Scales.h"
#include "microscale/Formats/Scheme.h"
#include "microscale/Formats/Status.h"

#include <cstdint>
#include <optional>

namespace microscale::formats {

/// Quantizes x. `rule` applies to E8M0-scaled schemes. For schemes with a
/// global, `givenGlobal` is a static decode-direction global (Numerics §3.3) or
/// empty to compute it from x; the global used is written to *globalOut
/// (1.0 for schemes without one; globalOut may be null).
Status quantize(const Scheme &scheme, ScaleRule rule, const float *x,
                int64_t rows, int64_t cols, std::optional<float> givenGlobal,
                uint8_t *data, uint8_t *scales, float *globalOut);

/// value(q) * 2^e (Numerics §2.6), or (value(q) * s) * global (Numerics §3.5),
/// each a single f32 multiplication. `global` is ignored without one.
Status dequantize(const Scheme &scheme, const uint8_t *data,
                  const uint8_t *scales, float global, int64_t rows,
                  int64_t cols, float *out);

/// One side of a matmul: a quantized tensor or a plain f32 matrix
/// (weight-only quantization). Both operands are K-major.
struct MatmulOperand {
  const Scheme *scheme = nullptr; // null: `values` is a plain f32 matrix
  const float *values = nullptr;
  const uint8_t *data = nullptr;
  const uint8_t *scales = nullptr;
  float global = 1.0f;

  static MatmulOperand plain(const float *values) {
    MatmulOperand operand;
    operand.values = values;
    return operand;
  }
  static MatmulOperand quantized(const Scheme &scheme, const uint8_t *data,
                                 const uint8_t *scales, float global = 1.0f) {
    MatmulOperand operand;
    operand.scheme = &scheme;
    operand.data = data;
    operand.scales = scales;
    operand.global = global;
    return operand;
  }
};

/// C[m, n] = sum_k A[m, k] * B[n, k] (+ acc[m, n] when acc is not null),
/// A [m, k] and B [n, k], accumulated in f32 (Numerics §4).
Status matmul(const MatmulOperand &a, const MatmulOperand &b, int64_t m,
              int64_t n, int64_t k, const float *acc, float *c);
/// The same with f64 accumulation of the exact f32 products, for tests.
Status matmulF64(const MatmulOperand &a, const MatmulOperand &b, int64_t m,
                 int64_t n, int64_t k, const float *acc, double *c);

} // namespace microscale::formats

#endif // MICROSCALE_FORMATS_REFERENCE_H
