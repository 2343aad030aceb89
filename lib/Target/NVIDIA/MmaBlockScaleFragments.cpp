//===- MmaBlockScaleFragments.cpp - sm_120a mma.sync block_scale ----------===//
//
// The PTX ISA gives each fragment as "element i of a lane is at (row, col)";
// the forward maps below solve those formulas for (lane, register, slot).
//
//===----------------------------------------------------------------------===//

#include "microscale/Target/NVIDIA/MmaBlockScaleFragments.h"

#include <cassert>
#include <string>

namespace microscale::nvidia {

namespace {
/// Elements of one operand per .b32 register: 8 e2m1 or 4 bytes.
int slotsPerRegister(WarpMmaShape shape) {
  return shape == WarpMmaShape::M16N8K64Fp4 ? 8 : 4;
}
} // namespace

int warpMmaK(WarpMmaShape shape) {
  return shape == WarpMmaShape::M16N8K64Fp4 ? 64 : 32;
}

int warpMmaSlotBits(WarpMmaShape shape) {
  return shape == WarpMmaShape::M16N8K64Fp4 ? 4 : 8;
}

// A: row = groupID (+8 for odd registers); col = threadID_in_group * S +
// slot, + K/2 for registers 2 and 3 (S slots per register).
FragmentSlot warpMmaSlotA(WarpMmaShape shape, int row, int k) {
  assert(row >= 0 && row < kWarpMmaM && k >= 0 && k < warpMmaK(shape));
  int slots = slotsPerRegister(shape);
  int halfK = warpMmaK(shape) / 2;
  int group = row % 8;
  int threadInGroup = (k % halfK) / slots;
  return {group * 4 + threadInGroup, (k / halfK) * 2 + row / 8, k % slots};
}

MatrixIndex warpMmaElementA(WarpMmaShape shape, FragmentSlot s) {
  assert(s.lane >= 0 && s.lane < 32 && s.reg >= 0 && s.reg < 4 && s.slot >= 0 &&
         s.slot < slotsPerRegister(shape));
  int slots = slotsPerRegister(shape);
  int halfK = warpMmaK(shape) / 2;
  return {s.lane / 4 + 8 * (s.reg % 2),
          (s.lane % 4) * slots + s.slot + halfK * (s.reg / 2)};
}

// B: row (k) = threadID_in_group * S + slot, + K/2 for register 1;
// col = groupID.
FragmentSlot warpMmaSlotB(WarpMmaShape shape, int k, int col) {
  assert(col >= 0 && col < kWarpMmaN && k >= 0 && k < warpMmaK(shape));
  int slots = slotsPerRegister(shape);
  int halfK = warpMmaK(shape) / 2;
  return {col * 4 + (k % halfK) / slots, k / halfK, k % slots};
}

MatrixIndex warpMmaElementB(WarpMmaShape shape, FragmentSlot s) {
  assert(s.lane >= 0 && s.lane < 32 && s.reg >= 0 && s.reg < 2 && s.slot >= 0 &&
         s.slot < slotsPerRegister(shape));
  int slots = slotsPerRegister(shape);
  int halfK = warpMmaK(shape) / 2;
  return {(s.lane % 4) * slots + s.slot + halfK * s.reg, s.lane / 4};
}

// C/D (f32): row = groupID for c0, c1 and groupID + 8 for c2, c3;
// col = threadID_in_group * 2 + (i & 1).
FragmentSlot warpMmaSlotC(int row, int col) {
  assert(row >= 0 && row < kWarpMmaM && col >= 0 && col < kWarpMmaN);
  return {(row % 8) * 4 + col / 2, (row / 8) * 2 + col % 2, 0};
}

MatrixIndex warpMmaElementC(FragmentSlot s) {
  assert(s.lane >= 0 && s.lane < 32 && s.reg >= 0 && s.reg < 4 && s.slot == 0);
  return {s.lane / 4 + 8 * (s.reg / 2), (s.lane % 4) * 2 + s.reg % 2};
}

//===-- Scale factors -----------------------------------------------------===//

Status checkWarpMmaScaleVec(WarpMmaShape shape, ScaleVec vec, ScaleType type) {
  if (shape == WarpMmaShape::M16N8K32F8F6F4) {
    if (vec == ScaleVec::X1 && type == ScaleType::UE8M0)
      return Status::success();
    return Status::error("kind::mxf8f6f4 (m16n8k32) takes .scale_vec::1X with "
                         "ue8m0 scales only");
  }
  // Table 36 also lists 4X with ue8m0 for kind::mxf4nvf4, but CUDA 13.0's
  // ptxas refuses it ("Illegal modifier '.scale_vec::4X' ... with type
  // '.ue8m0'"): follow the assembler the project targets.
  if ((vec == ScaleVec::X4 && type == ScaleType::UE4M3) ||
      (vec == ScaleVec::X2 && type == ScaleType::UE8M0))
    return Status::success();
  return Status::error(
      "m16n8k64 e2m1 takes .scale_vec::2X with ue8m0 scales (kind::mxf4, "
      "kind::mxf4nvf4) or .scale_vec::4X with ue4m3 scales "
      "(kind::mxf4nvf4)");
}

namespace {
Status checkByteId(ScaleVec vec, int byteId) {
  int width = static_cast<int>(vec);
  // The V scale bytes start at byte-id and must stay in the register, at a
  // multiple of V.
  if (byteId < 0 || byteId > 3 || byteId % width != 0)
    return Status::error("byte-id " + std::to_string(byteId) +
                         " is invalid for .scale_vec::" +
                         std::to_string(width) + "X (allowed: " +
                         (width == 1   ? "0..3"
                          : width == 2 ? "0, 2"
                                       : "0") +
                         ")");
  return Status::success();
}
} // namespace

Status checkScaleSelectorA(ScaleVec vec, ScaleSelector selector) {
  if (selector.threadId < 0 || selector.threadId > 1)
    return Status::error("thread-id-a " + std::to_string(selector.threadId) +
                         " is invalid (allowed: 0, 1)");
  return checkByteId(vec, selector.byteId);
}

Status checkScaleSelectorB(ScaleVec vec, ScaleSelector selector) {
  if (selector.threadId < 0 || selector.threadId > 3)
    return Status::error("thread-id-b " + std::to_string(selector.threadId) +
                         " is invalid (allowed: 0..3)");
  return checkByteId(vec, selector.byteId);
}

// scale_A: thread-id-a picks a pair of lanes in every quad (lanes 4q + 2t
// and 4q + 2t + 1); the first holds the scales of row q, the second those of
// row q + 8. The V chunks of a row are V consecutive bytes from byte-id.
ScaleSlot warpMmaScaleA(ScaleVec vec, ScaleSelector selector, int row,
                        int chunk) {
  assert(row >= 0 && row < kWarpMmaM && chunk >= 0 &&
         chunk < static_cast<int>(vec));
  return {4 * (row % 8) + 2 * selector.threadId + row / 8,
          selector.byteId + chunk};
}

// scale_B: thread-id-b picks one lane in every quad; quad n holds the scales
// of column n.
ScaleSlot warpMmaScaleB(ScaleVec vec, ScaleSelector selector, int col,
                        int chunk) {
  assert(col >= 0 && col < kWarpMmaN && chunk >= 0 &&
         chunk < static_cast<int>(vec));
  return {4 * col + selector.threadId, selector.byteId + chunk};
}

} // namespace microscale::nvidia
