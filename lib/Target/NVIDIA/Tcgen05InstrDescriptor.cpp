//===- Tcgen05InstrDescriptor.cpp - idesc of block-scaled tcgen05.mma -----===//

#include "microscale/Target/NVIDIA/Tcgen05InstrDescriptor.h"

#include <string>

namespace microscale::nvidia {

namespace {

const char *kindName(Tcgen05Kind kind) {
  switch (kind) {
  case Tcgen05Kind::MXF8F6F4:
    return "kind::mxf8f6f4";
  case Tcgen05Kind::MXF4:
    return "kind::mxf4";
  case Tcgen05Kind::MXF4NVF4:
    return "kind::mxf4nvf4";
  }
  return "?";
}

/// The descriptor table's type codes.
uint32_t typeCode(Tcgen05Kind kind, Tcgen05ElementType type) {
  if (kind != Tcgen05Kind::MXF8F6F4)
    return 1; // E2M1, the only type of the mxf4 kinds (checked before).
  switch (type) {
  case Tcgen05ElementType::E4M3:
    return 0;
  case Tcgen05ElementType::E5M2:
    return 1;
  case Tcgen05ElementType::E2M3:
    return 3;
  case Tcgen05ElementType::E3M2:
    return 4;
  case Tcgen05ElementType::E2M1:
    return 5;
  }
  return 0;
}

Status checkScaleId(const char *which, int id, int scalesPerWord) {
  // scalesPerWord K-chunks per MMA: their bytes start at the ID and must
  // stay in the 32-bit column.
  if (id < 0 || id > 3 || id % scalesPerWord != 0)
    return Status::error(std::string("scale factor ") + which + " ID " +
                         std::to_string(id) + " is invalid with " +
                         std::to_string(scalesPerWord) +
                         " scale(s) per row and MMA");
  return Status::success();
}

Status check(const Tcgen05BlockScaledMma &mma) {
  std::string kind = kindName(mma.kind);
  bool fp4Kind = mma.kind != Tcgen05Kind::MXF8F6F4;
  if (fp4Kind && (mma.aType != Tcgen05ElementType::E2M1 ||
                  mma.bType != Tcgen05ElementType::E2M1))
    return Status::error(kind + " multiplies e2m1 by e2m1 only");
  if (fp4Kind && (mma.transposeA || mma.transposeB))
    return Status::error(kind + " reads K-major operands only (no transpose)");
  // 9.7.16.10.7.1, valid combinations of scale vector size, kind and type.
  if (mma.scaleBlock != 16 && mma.scaleBlock != 32)
    return Status::error("scale block of " + std::to_string(mma.scaleBlock) +
                         " elements (block16 or block32 only)");
  if (mma.kind != Tcgen05Kind::MXF4NVF4 &&
      (mma.scaleBlock != 32 || mma.scaleType != Tcgen05ScaleType::UE8M0))
    return Status::error(kind + " takes ue8m0 scales per 32 elements only");
  if (mma.scaleType == Tcgen05ScaleType::UE4M3 && mma.scaleBlock != 16)
    return Status::error("ue4m3 scales need block16 (scale_vec::4X)");
  // Table 39 (the kind::f8f6f4 rows), M >= 128 for the M >> 7 field.
  if (mma.ctaGroup != 1 && mma.ctaGroup != 2)
    return Status::error("cta_group::" + std::to_string(mma.ctaGroup) +
                         " does not exist (1 or 2)");
  bool validM =
      mma.ctaGroup == 1 ? mma.m == 128 : (mma.m == 128 || mma.m == 256);
  if (!validM)
    return Status::error("M " + std::to_string(mma.m) +
                         " is invalid for block-scaled tcgen05.mma with "
                         "cta_group::" +
                         std::to_string(mma.ctaGroup) +
                         (mma.ctaGroup == 1 ? " (128)" : " (128 or 256)"));
  int nStep = mma.ctaGroup == 2 ? 16 : 8;
  if (mma.n < nStep || mma.n > 256 || mma.n % nStep != 0)
    return Status::error(
        "N " + std::to_string(mma.n) + " is invalid with cta_group::" +
        std::to_string(mma.ctaGroup) + " (a multiple of " +
        std::to_string(nStep) + " from " + std::to_string(nStep) + " to 256)");
  // K per MMA (dense): 32 for mxf8f6f4, 64 for the mxf4 kinds.
  int k = fp4Kind ? 64 : 32;
  int scalesPerWord = k / mma.scaleBlock;
  Status a = checkScaleId("A", mma.scaleAId, scalesPerWord);
  if (!a.ok())
    return a;
  return checkScaleId("B", mma.scaleBId, scalesPerWord);
}

} // namespace

Status encodeTcgen05InstrDescriptor(const Tcgen05BlockScaledMma &mma,
                                    uint32_t &idesc) {
  Status status = check(mma);
  if (!status.ok())
    return status;
  uint32_t d = 0;
  d |= uint32_t(mma.sparse) << 2;
  d |= uint32_t(mma.scaleBId) << 4;
  d |= typeCode(mma.kind, mma.aType) << 7;
  d |= typeCode(mma.kind, mma.bType) << 10;
  d |= uint32_t(mma.negateA) << 13;
  d |= uint32_t(mma.negateB) << 14;
  d |= uint32_t(mma.transposeA) << 15;
  d |= uint32_t(mma.transposeB) << 16;
  d |= uint32_t(mma.n >> 3) << 17;
  d |= uint32_t(mma.scaleType == Tcgen05ScaleType::UE8M0) << 23;
  d |= uint32_t(mma.m >> 7) << 27;
  d |= uint32_t(mma.scaleAId) << 29;
  idesc = d;
  return Status::success();
}

} // namespace microscale::nvidia
