//===- WgmmaTileModelTest.cpp - one wgmma tile through the data path ------===//
//
// A host model of the sm_90a matmul kernel's data path for one 128 x 128
// tile and one 128-byte stage of K, built from the PTX ISA's definitions,
// not from the library's formulas:
//  - TMA with CU_TENSOR_MAP_SWIZZLE_128B writes byte k of box row r at the
//    shared address base + 128 r + k with address bits 4-6 XORed by bits
//    7-9 (the 16-byte chunk XOR the row within the 1024-byte pattern);
//  - wgmma reads element (m, kk) of a K-major 128-byte-swizzled matrix whose
//    descriptor holds start S and stride offset SBO from the logical address
//    S + SBO (m / 8) + 128 (m % 8) + kk, swizzled the same way: the swizzle
//    is a function of the address, so stepping S by 32 bytes selects the
//    next K slice;
//  - each of the 128 threads of a warpgroup holds the m64n128 accumulator
//    registers at the positions of the D fragment.
// The kernel's choices (warpgroup g reads A from 64 * 128 g, K-block b from
// 32 b, the threads' upcast stores at swizzle128BOffset) are taken through
// the library, and the model's C must equal A . B^T.
//
//===----------------------------------------------------------------------===//

#include "microscale/Target/NVIDIA/WgmmaLayout.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

using namespace microscale::nvidia;

namespace {

constexpr uint32_t kRows = 128, kRowBytes = 128, kTileBytes = kRows * kRowBytes;

/// The 128-byte swizzle on a shared-memory address.
uint32_t swizzled(uint32_t address) {
  return address ^ (((address >> 7) & 7) << 4);
}

struct Descriptor {
  uint32_t start, stride;
  unsigned swizzle;
};

Descriptor decode(uint64_t bits) {
  return {static_cast<uint32_t>(bits & 0x3FFF) << 4,
          static_cast<uint32_t>((bits >> 32) & 0x3FFF) << 4,
          static_cast<unsigned>(bits >> 62)};
}

/// Byte (m, kk) of the 32-byte K slice a descriptor selects.
uint8_t readOperand(const std::vector<uint8_t> &smem, const Descriptor &d,
                    uint32_t m, uint32_t kk) {
  uint32_t logical = d.start + d.stride * (m / 8) + 128 * (m % 8) + kk;
  return smem[swizzled(logical)];
}

} // namespace

TEST(WgmmaTileModelTest, TmaStagesAndThreadStoresAgree) {
  // The threads' upcast stores land where TMA puts the same byte.
  constexpr uint32_t base = 0x2400; // 1024-aligned
  for (uint32_t r = 0; r < kRows; ++r)
    for (uint32_t k = 0; k < kRowBytes; ++k)
      ASSERT_EQ(base + swizzle128BOffset(r, k), swizzled(base + r * 128 + k))
          << "row " << r << " byte " << k;
}

TEST(WgmmaTileModelTest, TwoWarpgroupsComputeTheTile) {
  constexpr uint32_t base = 0x2400; // stage: A, then B
  std::mt19937 rng(20);
  std::uniform_int_distribution<int> small(-7, 7);
  std::vector<int> a(kRows * kRowBytes), b(kRows * kRowBytes);
  for (int &x : a)
    x = small(rng);
  for (int &x : b)
    x = small(rng);

  // TMA fills the stage (bytes hold the values, offset by 8).
  std::vector<uint8_t> smem(base + 2 * kTileBytes);
  for (uint32_t r = 0; r < kRows; ++r)
    for (uint32_t k = 0; k < kRowBytes; ++k) {
      smem[swizzled(base + r * 128 + k)] = uint8_t(a[r * 128 + k] + 8);
      smem[swizzled(base + kTileBytes + r * 128 + k)] =
          uint8_t(b[r * 128 + k] + 8);
    }

  std::vector<long> c(kRows * kRows, 0);
  for (uint32_t g = 0; g < 2; ++g) {
    for (uint32_t block = 0; block < 4; ++block) {
      uint64_t descA = 0, descB = 0;
      ASSERT_TRUE(
          encodeWgmmaKMajorSwizzle128B(base + 64 * 128 * g, 32 * block, descA)
              .ok());
      ASSERT_TRUE(
          encodeWgmmaKMajorSwizzle128B(base + kTileBytes, 32 * block, descB)
              .ok());
      Descriptor da = decode(descA), db = decode(descB);
      ASSERT_EQ(da.swizzle, 1u);
      ASSERT_EQ(da.stride, 1024u);
      // D = A_slice (64 x 32) . B_slice (128 x 32)^T, as the tensor core.
      std::vector<long> d(64 * 128, 0);
      for (uint32_t m = 0; m < 64; ++m)
        for (uint32_t n = 0; n < 128; ++n)
          for (uint32_t kk = 0; kk < 32; ++kk)
            d[m * 128 + n] += long(readOperand(smem, da, m, kk) - 8) *
                              long(readOperand(smem, db, n, kk) - 8);
      // Each thread adds its registers to C where the fragment puts them.
      for (uint32_t t = 0; t < 128; ++t)
        for (uint32_t reg = 0; reg < 64; ++reg) {
          WgmmaElement e = wgmmaAccumulatorElement(t, reg);
          c[(64 * g + e.row) * kRows + e.col] += d[e.row * 128 + e.col];
        }
    }
  }

  for (uint32_t m = 0; m < kRows; ++m)
    for (uint32_t n = 0; n < kRows; ++n) {
      long expected = 0;
      for (uint32_t k = 0; k < kRowBytes; ++k)
        expected += long(a[m * 128 + k]) * long(b[n * 128 + k]);
      ASSERT_EQ(c[m * kRows + n], expected) << "C[" << m << ", " << n << "]";
    }
}
