//===- MatmulTest.cpp - Reference block-scaled matmul (Numerics §4) -------===//
//
// C = deq(A) . deq(B)^T (+ acc). The operand values the expectations use are
// dequantized here from the stored bytes with the oracle (Numerics §2.6 /
// §3.5), and the exact sums are formed in long double. The f32 matmul must lie
// within Numerics §4's bound, (K + 1) * 2^-24 * (sum |a b| + |acc|) (one
// rounding per product and per addition, the accumulator included), of the f64
// one; matmulF64 within (K + 1) * 2^-53 * (...) of the long double sum.
//
//===----------------------------------------------------------------------===//

#include "Oracle.h"

#include "microscale/Formats/Reference.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace microscale::formats;

namespace {

Scheme mx(Format element, int32_t blockSize = 32) {
  return {element, blockSize, Format::E8M0, false};
}
Scheme nv() { return {Format::E2M1, 16, Format::UE4M3, true}; }

struct NamedCase {
  const char *name;
  Scheme scheme;
};

// The named schemes of Numerics §2 and §3, typed in from the numerics
// reference.
const std::vector<NamedCase> &namedCases() {
  static const std::vector<NamedCase> cases = {
      {"mxfp8_e4m3", mx(Format::E4M3)}, {"mxfp8_e5m2", mx(Format::E5M2)},
      {"mxfp6_e2m3", mx(Format::E2M3)}, {"mxfp6_e3m2", mx(Format::E3M2)},
      {"mxfp4", mx(Format::E2M1)},      {"mxint8", mx(Format::Int8)},
      {"nvfp4", nv()},
  };
  return cases;
}

void PrintTo(const NamedCase &c, std::ostream *os) { *os << c.name; }

/// One matmul operand: plain values, or a quantized tensor together with its
/// values dequantized by the oracle.
struct Operand {
  std::optional<Scheme> scheme;
  std::vector<uint8_t> data, scales;
  float global = 1.0f;
  std::vector<float> values; // what the operand stands for, [rows, k]

  MatmulOperand view() const {
    if (!scheme)
      return MatmulOperand::plain(values.data());
    return MatmulOperand::quantized(*scheme, data.data(), scales.data(), global);
  }
};

std::vector<float> randomMatrix(int64_t rows, int64_t k, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> rowExponent(-4.0f, 4.0f);
  std::vector<float> x(static_cast<size_t>(rows * k));
  for (int64_t r = 0; r < rows; ++r) {
    float scale = std::exp2(rowExponent(rng));
    for (int64_t i = 0; i < k; ++i)
      x[r * k + i] = normal(rng) * scale;
  }
  return x;
}

/// Numerics §2.6 / §3.5 from the stored bytes, with the oracle's code values.
std::vector<float> oracleDequantize(const Scheme &scheme, const Operand &q,
                                    int64_t rows, int64_t k) {
  std::vector<float> out(static_cast<size_t>(rows * k));
  size_t rowBytes = static_cast<size_t>(k) * oracle::specRow(scheme.element).bits / 8;
  int64_t rowScales = k / scheme.blockSize;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t i = 0; i < k; ++i) {
      unsigned code = oracle::packedCode(scheme.element, q.data.data() + r * rowBytes, i);
      float v = oracle::exactFloat(oracle::value(scheme.element, code));
      float s = oracle::exactFloat(oracle::value(
          scheme.scale, q.scales[r * rowScales + i / scheme.blockSize]));
      if (scheme.hasGlobal) {
        float vs = v * s;
        out[r * k + i] = vs * q.global;
      } else {
        out[r * k + i] = v * s;
      }
    }
  }
  return out;
}

Operand quantizedOperand(const Scheme &scheme, const std::vector<float> &x,
                         int64_t rows, int64_t k,
                         ScaleRule rule = ScaleRule::Floor) {
  Operand q;
  q.scheme = scheme;
  q.data.resize(dataBytes(scheme, rows, k));
  q.scales.resize(scaleBytes(scheme, rows, k));
  Status status = quantize(scheme, rule, x.data(), rows, k, {}, q.data.data(),
                           q.scales.data(), &q.global);
  EXPECT_TRUE(status.ok()) << status.message();
  q.values = oracleDequantize(scheme, q, rows, k);
  return q;
}

Operand plainOperand(std::vector<float> x) {
  Operand q;
  q.values = std::move(x);
  return q;
}

/// Runs matmul and matmulF64 and checks both against long double sums.
void checkMatmul(const Operand &a, const Operand &b, int64_t m, int64_t n,
                 int64_t k, const std::vector<float> *acc) {
  const float *accData = acc ? acc->data() : nullptr;
  std::vector<float> c32(static_cast<size_t>(m * n), -777.0f);
  std::vector<double> c64(static_cast<size_t>(m * n), -777.0);
  Status s32 = matmul(a.view(), b.view(), m, n, k, accData, c32.data());
  ASSERT_TRUE(s32.ok()) << s32.message();
  Status s64 = matmulF64(a.view(), b.view(), m, n, k, accData, c64.data());
  ASSERT_TRUE(s64.ok()) << s64.message();

  int failures = 0;
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      long double exact = 0, magnitude = 0;
      for (int64_t p = 0; p < k; ++p) {
        // Products of two f32 values are exact in long double.
        long double product = static_cast<long double>(a.values[i * k + p]) *
                              static_cast<long double>(b.values[j * k + p]);
        exact += product;
        magnitude += std::fabs(product);
      }
      if (acc) {
        exact += (*acc)[i * n + j];
        magnitude += std::fabs(static_cast<long double>((*acc)[i * n + j]));
      }
      const size_t at = static_cast<size_t>(i * n + j);
      long double bound64 = (k + 1) * 0x1p-53L * magnitude;
      long double bound32 = (k + 1) * 0x1p-24L * magnitude;
      long double err64 = std::fabs(static_cast<long double>(c64[at]) - exact);
      long double err32 =
          std::fabs(static_cast<long double>(c32[at]) - static_cast<long double>(c64[at]));
      if (!(err64 <= bound64) || !(err32 <= bound32 + bound64)) {
        if (++failures > 10)
          return;
        ADD_FAILURE() << "C[" << i << "][" << j << "]: f32 " << c32[at]
                      << ", f64 " << c64[at] << ", exact "
                      << static_cast<double>(exact) << ", sum |a b| "
                      << static_cast<double>(magnitude);
      }
    }
  }
}

struct Shape {
  int64_t m, n;
};
const Shape kShapes[] = {{1, 1}, {5, 7}, {3, 1}, {1, 9}, {17, 3}};

//===----------------------------------------------------------------------===//
// Both operands quantized
//===----------------------------------------------------------------------===//

class MatmulNamed : public ::testing::TestWithParam<NamedCase> {};

TEST_P(MatmulNamed, BothQuantizedWithinTheSpecBound) {
  const Scheme &scheme = GetParam().scheme;
  unsigned seed = 100;
  for (int64_t k : {32, 192}) {
    for (const Shape &shape : kShapes) {
      SCOPED_TRACE("m " + std::to_string(shape.m) + ", n " +
                   std::to_string(shape.n) + ", k " + std::to_string(k));
      Operand a = quantizedOperand(scheme, randomMatrix(shape.m, k, ++seed), shape.m, k);
      Operand b = quantizedOperand(scheme, randomMatrix(shape.n, k, ++seed), shape.n, k,
                                   ScaleRule::RCeil);
      checkMatmul(a, b, shape.m, shape.n, k, nullptr);
      std::vector<float> acc = randomMatrix(shape.m, shape.n, ++seed);
      checkMatmul(a, b, shape.m, shape.n, k, &acc);
    }
  }
}

TEST_P(MatmulNamed, WeightOnlyWithPlainF32Activations) {
  const Scheme &scheme = GetParam().scheme;
  const int64_t k = 160;
  unsigned seed = 300;
  for (const Shape &shape : kShapes) {
    SCOPED_TRACE("m " + std::to_string(shape.m) + ", n " + std::to_string(shape.n));
    Operand a = plainOperand(randomMatrix(shape.m, k, ++seed));
    Operand b = quantizedOperand(scheme, randomMatrix(shape.n, k, ++seed), shape.n, k);
    checkMatmul(a, b, shape.m, shape.n, k, nullptr);
    std::vector<float> acc = randomMatrix(shape.m, shape.n, ++seed);
    checkMatmul(a, b, shape.m, shape.n, k, &acc);
    // And the other side plain.
    Operand qa = quantizedOperand(scheme, randomMatrix(shape.m, k, ++seed), shape.m, k);
    Operand pb = plainOperand(randomMatrix(shape.n, k, ++seed));
    checkMatmul(qa, pb, shape.m, shape.n, k, &acc);
  }
}

INSTANTIATE_TEST_SUITE_P(NamedSchemes, MatmulNamed, ::testing::ValuesIn(namedCases()),
                         [](const ::testing::TestParamInfo<NamedCase> &info) {
                           return std::string(info.param.name);
                         });

TEST(Matmul, MixedSchemesWithinTheSpecBound) {
  const int64_t m = 6, n = 11, k = 192;
  const std::pair<Scheme, Scheme> pairs[] = {
      {mx(Format::E4M3), mx(Format::E2M1)}, // E4M3 activations x FP4 weights
      {nv(), mx(Format::E5M2)},
      {mx(Format::Int8), mx(Format::E2M3)},
      {mx(Format::E2M1, 64), nv()},
      {mx(Format::E3M2, 16), mx(Format::E4M3, 192)},
  };
  unsigned seed = 500;
  for (const auto &[sa, sb] : pairs) {
    SCOPED_TRACE("pair " + std::to_string(seed));
    Operand a = quantizedOperand(sa, randomMatrix(m, k, ++seed), m, k);
    Operand b = quantizedOperand(sb, randomMatrix(n, k, ++seed), n, k);
    std::vector<float> acc = randomMatrix(m, n, ++seed);
    checkMatmul(a, b, m, n, k, nullptr);
    checkMatmul(a, b, m, n, k, &acc);
  }
}

TEST(Matmul, PlainTimesPlain) {
  const int64_t m = 4, n = 5, k = 37; // no block constraint on plain operands
  Operand a = plainOperand(randomMatrix(m, k, 1));
  Operand b = plainOperand(randomMatrix(n, k, 2));
  std::vector<float> acc = randomMatrix(m, n, 3);
  checkMatmul(a, b, m, n, k, nullptr);
  checkMatmul(a, b, m, n, k, &acc);
}

// Small exact cases: with few terms of few bits every sum is exact in f32.
TEST(Matmul, HandComputedSmallCase) {
  // A = [[1, 2], [3, 4]] as 2 x 2; B = [[1, 0], [0.5, -1], [2, 2]] as 3 x 2.
  const std::vector<float> a = {1, 2, 3, 4};
  const std::vector<float> b = {1, 0, 0.5f, -1, 2, 2};
  const std::vector<float> acc = {0.25f, 0, 0, 0, 0, -14};
  float c[6];
  ASSERT_TRUE(matmul(MatmulOperand::plain(a.data()), MatmulOperand::plain(b.data()),
                     2, 3, 2, nullptr, c)
                  .ok());
  const float expected[6] = {1, -1.5f, 6, 3, -2.5f, 14};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(c[i], expected[i]) << i;
  double c64[6];
  ASSERT_TRUE(matmulF64(MatmulOperand::plain(a.data()),
                        MatmulOperand::plain(b.data()), 2, 3, 2, acc.data(), c64)
                  .ok());
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(c64[i], expected[i] + acc[i]) << i;
}

TEST(Matmul, NaNBlocksPropagateToTheirRowAndColumn) {
  const int64_t m = 3, n = 4, k = 64;
  for (const NamedCase &named : namedCases()) {
    SCOPED_TRACE(named.name);
    std::vector<float> xa = randomMatrix(m, k, 7);
    std::vector<float> xb = randomMatrix(n, k, 8);
    xa[1 * k + 40] = std::nanf("");                    // A row 1
    xb[2 * k + 3] = std::numeric_limits<float>::infinity(); // B row 2
    Operand a = quantizedOperand(named.scheme, xa, m, k);
    Operand b = quantizedOperand(named.scheme, xb, n, k);
    float c[m * n];
    ASSERT_TRUE(matmul(a.view(), b.view(), m, n, k, nullptr, c).ok());
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        EXPECT_EQ(std::isnan(c[i * n + j]), i == 1 || j == 2)
            << "C[" << i << "][" << j << "] = " << c[i * n + j];
  }
}

//===----------------------------------------------------------------------===//
// Errors and empty shapes
//===----------------------------------------------------------------------===//

TEST(Matmul, ShapeErrorsNameTheOperand) {
  std::vector<float> x(4 * 64, 1.0f);
  std::vector<uint8_t> data(4096, 0), scales(256, 0x7F);
  float c[64];
  const Scheme fp4 = mx(Format::E2M1);
  MatmulOperand q = MatmulOperand::quantized(fp4, data.data(), scales.data());
  MatmulOperand plain = MatmulOperand::plain(x.data());

  Status badA = matmul(q, plain, 2, 2, 48, nullptr, c); // 48 % 32 != 0
  EXPECT_FALSE(badA.ok());
  EXPECT_NE(badA.message().find("operand A"), std::string::npos) << badA.message();
  EXPECT_NE(badA.message().find("multiple of the block size"), std::string::npos)
      << badA.message();
  Status badB = matmul(plain, q, 2, 2, 48, nullptr, c);
  EXPECT_FALSE(badB.ok());
  EXPECT_NE(badB.message().find("operand B"), std::string::npos) << badB.message();
  double c64[64];
  EXPECT_FALSE(matmulF64(q, plain, 2, 2, 48, nullptr, c64).ok());

  EXPECT_FALSE(matmul(plain, plain, -1, 2, 32, nullptr, c).ok());
  EXPECT_FALSE(matmul(plain, plain, 2, 2, -32, nullptr, c).ok());
  Status missing = matmul(plain, MatmulOperand::plain(nullptr), 2, 2, 32, nullptr, c);
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("B"), std::string::npos) << missing.message();
  const Scheme broken = mx(Format::E2M1, 3);
  EXPECT_FALSE(matmul(MatmulOperand::quantized(broken, data.data(), scales.data()),
                      plain, 2, 2, 30, nullptr, c)
                   .ok());
}

TEST(Matmul, EmptyShapesSucceedWithoutWriting) {
  std::vector<float> x(64, 1.0f);
  MatmulOperand plain = MatmulOperand::plain(x.data());
  float c[4] = {9, 9, 9, 9};
  EXPECT_TRUE(matmul(plain, plain, 0, 4, 16, nullptr, c).ok());
  EXPECT_TRUE(matmul(plain, plain, 4, 0, 16, nullptr, c).ok());
  for (float v : c)
    EXPECT_EQ(v, 9.0f);
  // K = 0: every dot product is empty, C is the accumulator (or zero).
  const float acc[4] = {1, -2, 3, -4};
  EXPECT_TRUE(matmul(plain, plain, 2, 2, 0, acc, c).ok());
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(c[i], acc[i]);
  EXPECT_TRUE(matmul(plain, plain, 2, 2, 0, nullptr, c).ok());
  for (float v : c)
    EXPECT_EQ(v, 0.0f);
}

} // namespace
