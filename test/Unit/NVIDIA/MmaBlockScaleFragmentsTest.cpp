//===- MmaBlockScaleFragmentsTest.cpp - sm_120a fragments and scales ------===//
//
// Expected (lane, register, slot) values are read off the PTX ISA's fragment
// figures: thread Tl holds, in register r, the elements of one row segment;
// e.g. for m16n8k64 A, T1 holds row 0 columns 8..15 in a0..a7 (register 0),
// row 8 columns 8..15 in register 1, row 0 columns 40..47 in register 2.
//
//===----------------------------------------------------------------------===//

#include "microscale/Target/NVIDIA/MmaBlockScaleFragments.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

using namespace microscale::nvidia;

namespace {
constexpr WarpMmaShape kFp4 = WarpMmaShape::M16N8K64Fp4;
constexpr WarpMmaShape kF8 = WarpMmaShape::M16N8K32F8F6F4;
} // namespace

TEST(WarpMmaFragmentTest, ShapeConstants) {
  EXPECT_EQ(warpMmaK(kFp4), 64);
  EXPECT_EQ(warpMmaK(kF8), 32);
  EXPECT_EQ(warpMmaSlotBits(kFp4), 4);
  EXPECT_EQ(warpMmaSlotBits(kF8), 8);
}

TEST(WarpMmaFragmentTest, M16N8K64OperandAFromTheFigure) {
  EXPECT_EQ(warpMmaSlotA(kFp4, 0, 0), (FragmentSlot{0, 0, 0}));
  EXPECT_EQ(warpMmaSlotA(kFp4, 0, 7), (FragmentSlot{0, 0, 7}));
  EXPECT_EQ(warpMmaSlotA(kFp4, 0, 8), (FragmentSlot{1, 0, 0}));
  EXPECT_EQ(warpMmaSlotA(kFp4, 8, 0), (FragmentSlot{0, 1, 0}));
  EXPECT_EQ(warpMmaSlotA(kFp4, 1, 9), (FragmentSlot{5, 0, 1}));
  EXPECT_EQ(warpMmaSlotA(kFp4, 3, 40), (FragmentSlot{13, 2, 0}));
  EXPECT_EQ(warpMmaSlotA(kFp4, 12, 33), (FragmentSlot{16, 3, 1}));
  EXPECT_EQ(warpMmaSlotA(kFp4, 15, 63), (FragmentSlot{31, 3, 7}));
}

TEST(WarpMmaFragmentTest, M16N8K64OperandBFromTheFigures) {
  // Figure 94 (rows 0-31) and Figure 95 (rows 32-63 of B).
  EXPECT_EQ(warpMmaSlotB(kFp4, 0, 0), (FragmentSlot{0, 0, 0}));
  EXPECT_EQ(warpMmaSlotB(kFp4, 8, 0), (FragmentSlot{1, 0, 0}));
  EXPECT_EQ(warpMmaSlotB(kFp4, 31, 1), (FragmentSlot{7, 0, 7}));
  EXPECT_EQ(warpMmaSlotB(kFp4, 33, 2), (FragmentSlot{8, 1, 1}));
  EXPECT_EQ(warpMmaSlotB(kFp4, 63, 7), (FragmentSlot{31, 1, 7}));
}

TEST(WarpMmaFragmentTest, M16N8K32OperandsFromTheFigures) {
  EXPECT_EQ(warpMmaSlotA(kF8, 0, 3), (FragmentSlot{0, 0, 3}));
  EXPECT_EQ(warpMmaSlotA(kF8, 0, 4), (FragmentSlot{1, 0, 0}));
  EXPECT_EQ(warpMmaSlotA(kF8, 9, 18), (FragmentSlot{4, 3, 2}));
  EXPECT_EQ(warpMmaSlotA(kF8, 7, 31), (FragmentSlot{31, 2, 3}));
  EXPECT_EQ(warpMmaSlotA(kF8, 10, 13), (FragmentSlot{11, 1, 1}));
  EXPECT_EQ(warpMmaSlotB(kF8, 0, 0), (FragmentSlot{0, 0, 0}));
  EXPECT_EQ(warpMmaSlotB(kF8, 17, 3), (FragmentSlot{12, 1, 1}));
  EXPECT_EQ(warpMmaSlotB(kF8, 15, 5), (FragmentSlot{23, 0, 3}));
}

TEST(WarpMmaFragmentTest, AccumulatorFromTheFigure) {
  EXPECT_EQ(warpMmaSlotC(0, 0), (FragmentSlot{0, 0, 0}));
  EXPECT_EQ(warpMmaSlotC(0, 1), (FragmentSlot{0, 1, 0}));
  EXPECT_EQ(warpMmaSlotC(8, 0), (FragmentSlot{0, 2, 0}));
  EXPECT_EQ(warpMmaSlotC(3, 5), (FragmentSlot{14, 1, 0}));
  EXPECT_EQ(warpMmaSlotC(15, 7), (FragmentSlot{31, 3, 0}));
  EXPECT_EQ(warpMmaElementC({14, 1, 0}), (MatrixIndex{3, 5}));
  EXPECT_EQ(warpMmaElementC({31, 2, 0}), (MatrixIndex{15, 6}));
}

namespace {
/// Every (lane, register, slot) of the warp holds exactly one element, and
/// the forward map agrees with the inverse.
template <typename Forward, typename Inverse>
void expectBijection(int rows, int cols, int regs, int slots, Forward forward,
                     Inverse inverse) {
  std::set<std::tuple<int, int, int>> seen;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      FragmentSlot s = forward(r, c);
      ASSERT_TRUE(s.lane >= 0 && s.lane < 32 && s.reg >= 0 && s.reg < regs &&
                  s.slot >= 0 && s.slot < slots)
          << r << "," << c;
      EXPECT_TRUE(seen.insert({s.lane, s.reg, s.slot}).second)
          << "two elements in one slot at " << r << "," << c;
      EXPECT_EQ(inverse(s), (MatrixIndex{r, c}));
    }
  EXPECT_EQ(seen.size(), size_t(32 * regs * slots));
}
} // namespace

TEST(WarpMmaFragmentTest, EveryElementHasOneSlot) {
  for (WarpMmaShape shape : {kFp4, kF8}) {
    int k = warpMmaK(shape);
    int slots = 32 / warpMmaSlotBits(shape);
    expectBijection(
        16, k, 4, slots,
        [&](int r, int c) { return warpMmaSlotA(shape, r, c); },
        [&](FragmentSlot s) { return warpMmaElementA(shape, s); });
    expectBijection(
        k, 8, 2, slots, [&](int r, int c) { return warpMmaSlotB(shape, r, c); },
        [&](FragmentSlot s) { return warpMmaElementB(shape, s); });
  }
  expectBijection(16, 8, 4, 1, warpMmaSlotC, warpMmaElementC);
}

TEST(WarpMmaScaleTest, ValidScaleVectorsPerShape) {
  EXPECT_TRUE(checkWarpMmaScaleVec(kF8, ScaleVec::X1, ScaleType::UE8M0).ok());
  EXPECT_FALSE(checkWarpMmaScaleVec(kF8, ScaleVec::X2, ScaleType::UE8M0).ok());
  EXPECT_FALSE(checkWarpMmaScaleVec(kF8, ScaleVec::X1, ScaleType::UE4M3).ok());
  EXPECT_TRUE(checkWarpMmaScaleVec(kFp4, ScaleVec::X2, ScaleType::UE8M0).ok());
  EXPECT_TRUE(checkWarpMmaScaleVec(kFp4, ScaleVec::X4, ScaleType::UE4M3).ok());
  // Listed by the ISA's Table 36, refused by ptxas 13.0.
  EXPECT_FALSE(checkWarpMmaScaleVec(kFp4, ScaleVec::X4, ScaleType::UE8M0).ok());
  EXPECT_FALSE(checkWarpMmaScaleVec(kFp4, ScaleVec::X2, ScaleType::UE4M3).ok());
  EXPECT_FALSE(checkWarpMmaScaleVec(kFp4, ScaleVec::X1, ScaleType::UE8M0).ok());
}

TEST(WarpMmaScaleTest, SelectorRanges) {
  EXPECT_TRUE(checkScaleSelectorA(ScaleVec::X1, {3, 1}).ok());
  EXPECT_FALSE(checkScaleSelectorA(ScaleVec::X1, {0, 2}).ok());
  EXPECT_TRUE(checkScaleSelectorB(ScaleVec::X1, {0, 3}).ok());
  EXPECT_FALSE(checkScaleSelectorB(ScaleVec::X1, {0, 4}).ok());
  EXPECT_TRUE(checkScaleSelectorA(ScaleVec::X2, {2, 0}).ok());
  EXPECT_FALSE(checkScaleSelectorA(ScaleVec::X2, {1, 0}).ok());
  EXPECT_FALSE(checkScaleSelectorB(ScaleVec::X4, {2, 0}).ok());
  EXPECT_TRUE(checkScaleSelectorB(ScaleVec::X4, {0, 2}).ok());
  EXPECT_FALSE(checkScaleSelectorA(ScaleVec::X1, {4, 0}).ok());
  EXPECT_NE(checkScaleSelectorA(ScaleVec::X2, {1, 0}).message().find("0, 2"),
            std::string::npos);
}

TEST(WarpMmaScaleTest, ScaleALanesPairUpInEachQuad) {
  // thread-id-a 0: lanes 0 and 1 of quad q hold rows q and q + 8.
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X1, {0, 0}, 0, 0), (ScaleSlot{0, 0}));
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X1, {0, 0}, 8, 0), (ScaleSlot{1, 0}));
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X1, {0, 0}, 1, 0), (ScaleSlot{4, 0}));
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X1, {0, 0}, 9, 0), (ScaleSlot{5, 0}));
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X1, {0, 0}, 15, 0), (ScaleSlot{29, 0}));
  // thread-id-a 1: lanes 2 and 3 of each quad; byte-id 3.
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X1, {3, 1}, 0, 0), (ScaleSlot{2, 3}));
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X1, {3, 1}, 8, 0), (ScaleSlot{3, 3}));
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X1, {3, 1}, 7, 0), (ScaleSlot{30, 3}));
  // 2X from byte 2: chunk 1 is byte 3; 4X: chunk c is byte c.
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X2, {2, 0}, 6, 1), (ScaleSlot{24, 3}));
  EXPECT_EQ(warpMmaScaleA(ScaleVec::X4, {0, 1}, 10, 3), (ScaleSlot{11, 3}));
}

TEST(WarpMmaScaleTest, ScaleBUsesOneLanePerQuad) {
  EXPECT_EQ(warpMmaScaleB(ScaleVec::X1, {0, 0}, 0, 0), (ScaleSlot{0, 0}));
  EXPECT_EQ(warpMmaScaleB(ScaleVec::X1, {1, 1}, 2, 0), (ScaleSlot{9, 1}));
  EXPECT_EQ(warpMmaScaleB(ScaleVec::X4, {0, 3}, 7, 2), (ScaleSlot{31, 2}));
  EXPECT_EQ(warpMmaScaleB(ScaleVec::X2, {2, 2}, 5, 1), (ScaleSlot{22, 3}));
}

//===-- The affine forms the sm_120a kernel emits ------------------------===//
//
// MatmulMmaBlockScale.cpp stages 8 words of 32 bits per row and MMA (32
// bytes of K) and lets lane (group = lane / 4, t = lane % 4) read register
// r of A from row group + 8 (r % 2), word t + 4 (r / 2); register r of B
// from column group, word t + 4 r; accumulator r at row group + 8 (r / 2),
// column 2t + r % 2. With thread-id 0 and byte-id 0, lane (group, t)
// supplies the scale word of A's row group + 8 (t % 2) (only t < 2 is read)
// and of B's column group (only t = 0). These are the PTX ISA's formulas;
// the kernel reads the offsets off the library at lane 0, so check here
// that the library's maps have exactly this form for every lane and slot.

TEST(WarpMmaKernelFormTest, StagedWordsAreTheRegisters) {
  for (WarpMmaShape shape : {kFp4, kF8}) {
    int slots = 32 / warpMmaSlotBits(shape);
    for (int lane = 0; lane < 32; ++lane) {
      int group = lane / 4, t = lane % 4;
      for (int r = 0; r < 4; ++r)
        for (int s = 0; s < slots; ++s) {
          EXPECT_EQ(warpMmaElementA(shape, {lane, r, s}),
                    (MatrixIndex{group + 8 * (r % 2),
                                 (t + 4 * (r / 2)) * slots + s}));
          if (r < 2) {
            EXPECT_EQ(warpMmaElementB(shape, {lane, r, s}),
                      (MatrixIndex{(t + 4 * r) * slots + s, group}));
          }
        }
      for (int r = 0; r < 4; ++r)
        EXPECT_EQ(warpMmaElementC({lane, r, 0}),
                  (MatrixIndex{group + 8 * (r / 2), 2 * t + r % 2}));
    }
  }
}

TEST(WarpMmaKernelFormTest, ScaleWordsComeFromTheStagedRows) {
  for (ScaleVec vec : {ScaleVec::X1, ScaleVec::X2, ScaleVec::X4})
    for (int chunk = 0; chunk < static_cast<int>(vec); ++chunk) {
      for (int row = 0; row < 16; ++row) {
        ScaleSlot a = warpMmaScaleA(vec, {0, 0}, row, chunk);
        int group = a.lane / 4, t = a.lane % 4;
        EXPECT_LT(t, 2);
        EXPECT_EQ(group + 8 * (t % 2), row);
        EXPECT_EQ(a.byte, chunk);
      }
      for (int col = 0; col < 8; ++col) {
        ScaleSlot b = warpMmaScaleB(vec, {0, 0}, col, chunk);
        EXPECT_EQ(b.lane, 4 * col);
        EXPECT_EQ(b.byte, chunk);
      }
    }
}
