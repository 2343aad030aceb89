//===- Matmul.cpp - Reference block-scaled matmul -------------------------===//
//
// Quantized operands are dequantized exactly (Numerics §2.6, §3.5) into f32
// matrices, then C = A . B^T is formed from K-contiguous dot products. The
// numerics reference leaves the summation order free, so the f32 dot keeps
// eight partial sums that the compiler can hold in one vector register.
//
//===----------------------------------------------------------------------===//

#include "microscale/Formats/Reference.h"

#include <string>
#include <vector>

using namespace microscale::formats;

namespace {

/// The f32 [rows, k] matrix an operand stands for: its own values when plain,
/// else its dequantization in `storage`.
Status operandMatrix(const MatmulOperand &operand, const char *name,
                     int64_t rows, int64_t k, std::vector<float> &storage,
                     const float *&matrix) {
  if (!operand.scheme) {
    if (!operand.values && rows > 0 && k > 0)
      return Status::error(std::string("plain operand ") + name +
                           " has no values");
    matrix = operand.values;
    return Status::success();
  }
  storage.resize(static_cast<size_t>(rows) * static_cast<size_t>(k));
  Status status = dequantize(*operand.scheme, operand.data, operand.scales,
                             operand.global, rows, k, storage.data());
  if (!status.ok())
    return Status::error(std::string("operand ") + name + ": " +
                         status.message());
  matrix = storage.data();
  return Status::success();
}

float dotF32(const float *a, const float *b, int64_t k) {
  constexpr int kLanes = 8;
  float lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= k; i += kLanes)
    for (int l = 0; l < kLanes; ++l)
      lanes[l] += a[i + l] * b[i + l];
  for (; i < k; ++i)
    lanes[i % kLanes] += a[i] * b[i];
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) +
         ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

double dotF64(const float *a, const float *b, int64_t k) {
  double sum = 0.0;
  // Products of two f32 values are exact in f64.
  for (int64_t i = 0; i < k; ++i)
    sum += static_cast<double>(a[i]) * static_cast<double>(b[i]);
  return sum;
}

/// Shared driver: checks shapes, materializes both operands, and fills
/// c[i * n + j] = dot(A row i, B row j) (+ acc).
template <typename T, typename Dot>
Status matmulImpl(const MatmulOperand &a, const MatmulOperand &b, int64_t m,
                  int64_t n, int64_t k, const float *acc, T *c, Dot dot) {
  if (m < 0 || n < 0 || k < 0)
    return Status::error("matmul sizes must be non-negative, got m = " +
                         std::to_string(m) + ", n = " + std::to_string(n) +
                         ", k = " + std::to_string(k));
  std::vector<float> storageA, storageB;
  const float *matA = nullptr;
  const float *matB = nullptr;
  if (Status status = operandMatrix(a, "A", m, k, storageA, matA); !status.ok())
    return status;
  if (Status status = operandMatrix(b, "B", n, k, storageB, matB); !status.ok())
    return status;
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      T sum = dot(matA + i * k, matB + j * k, k);
      c[i * n + j] = acc ? static_cast<T>(acc[i * n + j]) + sum : sum;
    }
  }
  return Status::success();
}

} // namespace

Status microscale::formats::matmul(const MatmulOperand &a,
                                   const MatmulOperand &b, int64_t m,
                                   int64_t n, int64_t k, const float *acc,
                                   float *c) {
  return matmulImpl(a, b, m, n, k, acc, c, dotF32);
}

Status microscale::formats::matmulF64(const MatmulOperand &a,
                                      const MatmulOperand &b, int64_t m,
                                      int64_t n, int64_t k, const float *acc,
                                      double *c) {
  return matmulImpl(a, b, m, n, k, acc, c, dotF64);
}
