//===- MmaBlockScaleFragments.h - sm_120a mma.sync block_scale --*- C++ -*-===//
//
// Which lane, register and slot of a warp hold each element of the operands
// of the warp-level block-scaled MMAs of sm_120a, and which lane and byte
// supply each scale factor:
//
//   mma.sync.aligned.m16n8k64.row.col.kind::mxf4nvf4.block_scale
//       .scale_vec::{2X,4X}.f32.e2m1.e2m1.f32.{ue8m0,ue4m3}
//   mma.sync.aligned.m16n8k32.row.col.kind::mxf8f6f4.block_scale
//       .scale_vec::1X.f32.{e4m3,e5m2,e3m2,e2m3,e2m1}x2.f32.ue8m0
//
// A is M x K (row-major, "row"), B is K x N (column-major, "col"), C/D is
// M x N in f32. Sources, PTX ISA (9.0):
//  - 9.7.14.5 "Matrix Fragments for mma.m16n8k32" (8-bit elements: four per
//    .b32 register) and "Matrix Fragments for mma.m16n8k64" (.e2m1: eight
//    per .b32 register, Figures 93-95), with groupID = laneid >> 2 and
//    threadID_in_group = laneid % 4;
//  - 9.7.14.3 "Block Scaling for mma.sync": Table 35 (scale_A is M x V,
//    scale_B is V x N for .scale_vec::VX), Table 36 (valid kind / type /
//    scale-vector combinations) and the selector rules for
//    {byte-id, thread-id}.
//
// Slots are numbered from the least significant end of the register: slot s
// of an e2m1 register is bits [4s, 4s+4), of an 8-bit register bits
// [8s, 8s+8). Under kind::mxf8f6f4 every element, fp6 and fp4 included,
// takes one 8-bit slot.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TARGET_NVIDIA_MMABLOCKSCALEFRAGMENTS_H
#define MICROSCALE_TARGET_NVIDIA_MMABLOCKSCALEFRAGMENTS_H

#include "microscale/Formats/Status.h"

namespace microscale::nvidia {

using formats::Status;

/// The two sm_120a block-scaled warp MMA shapes.
enum class WarpMmaShape {
  /// m16n8k64, kind::mxf4 / kind::mxf4nvf4: packed e2m1, 8 per register.
  M16N8K64Fp4,
  /// m16n8k32, kind::mxf8f6f4: one element per byte, 4 per register.
  M16N8K32F8F6F4,
};

inline constexpr int kWarpMmaM = 16;
inline constexpr int kWarpMmaN = 8;
int warpMmaK(WarpMmaShape shape);
/// Bits of one slot: 4 (e2m1 packed) or 8.
int warpMmaSlotBits(WarpMmaShape shape);

/// One element's home in the warp: register `reg` of lane `lane`, slot `slot`.
struct FragmentSlot {
  int lane;
  int reg;
  int slot;
  bool operator==(const FragmentSlot &o) const {
    return lane == o.lane && reg == o.reg && slot == o.slot;
  }
};

struct MatrixIndex {
  int row;
  int col;
  bool operator==(const MatrixIndex &o) const {
    return row == o.row && col == o.col;
  }
};

/// A[row][k], row < 16, k < K. Four registers per lane.
FragmentSlot warpMmaSlotA(WarpMmaShape shape, int row, int k);
/// B[k][col], k < K, col < 8. Two registers per lane.
FragmentSlot warpMmaSlotB(WarpMmaShape shape, int k, int col);
/// C/D[row][col] in f32: four registers per lane, one element each (slot 0).
FragmentSlot warpMmaSlotC(int row, int col);

/// The inverses: which element a lane's register slot holds.
MatrixIndex warpMmaElementA(WarpMmaShape shape, FragmentSlot slot);
MatrixIndex warpMmaElementB(WarpMmaShape shape, FragmentSlot slot);
MatrixIndex warpMmaElementC(FragmentSlot slot);

//===-- Scale factors -----------------------------------------------------===//

/// .scale_vec::1X / 2X / 4X: scale factors per row of A (column of B) per
/// MMA, each covering K / V consecutive elements.
enum class ScaleVec { X1 = 1, X2 = 2, X4 = 4 };

enum class ScaleType { UE8M0, UE4M3 };

/// The immediates {byte-id, thread-id} of one operand's scale.
struct ScaleSelector {
  int byteId;
  int threadId;
};

/// Table 36 as CUDA 13.0's ptxas accepts it: mxf8f6f4 1X ue8m0; m16n8k64
/// e2m1 2X ue8m0 (mxf4, mxf4nvf4) or 4X ue4m3 (mxf4nvf4).
Status checkWarpMmaScaleVec(WarpMmaShape shape, ScaleVec vec, ScaleType type);

/// byte-id: 1X any of 0..3, 2X 0 or 2, 4X 0 (the V bytes from byte-id on
/// must fit the register). thread-id: 0..1 for A (a pair of lanes per quad),
/// 0..3 for B (one lane per quad). ptxas 13.0 enforces the same ranges.
Status checkScaleSelectorA(ScaleVec vec, ScaleSelector selector);
Status checkScaleSelectorB(ScaleVec vec, ScaleSelector selector);

/// Where a scale byte comes from: byte `byte` of lane `lane`'s scale register.
struct ScaleSlot {
  int lane;
  int byte;
  bool operator==(const ScaleSlot &o) const {
    return lane == o.lane && byte == o.byte;
  }
};

/// The scale of row `row` (< 16) of A for K-chunk `chunk` (< V).
ScaleSlot warpMmaScaleA(ScaleVec vec, ScaleSelector selector, int row,
                        int chunk);
/// The scale of column `col` (< 8) of B for K-chunk `chunk` (< V).
ScaleSlot warpMmaScaleB(ScaleVec vec, ScaleSelector selector, int col,
                        int chunk);

} // namespace microscale::nvidia

#endif // MICROSCALE_TARGET_NVIDIA_MMABLOCKSCALEFRAGMENTS_H
