//===- Tcgen05InstrDescriptor.h - block-scaled tcgen05.mma idesc -*- C++ -*-=//
//
// The 32-bit instruction descriptor of
//   tcgen05.mma.cta_group::{1,2}.kind::{mxf8f6f4,mxf4,mxf4nvf4}.block_scale
// PTX ISA 9.7.16.4.2 "Instruction descriptor", the table "Instruction
// descriptor format for .kind::mxf8f6f4, .kind::mxf4 and .kind::mxf4nvf4"
// (the table after Table 42; numbers shift between ISA versions):
//
//   bits  0-1  reserved (0)          bits 13, 14  negate A, negate B
//   bit   2    sparsity (1 = sparse) bits 15, 16  transpose A, transpose B
//   bit   3    reserved (0)          bits 17-22  N >> 3
//   bits  4-5  scale factor B ID     bit  23     scale type: UE4M3 0, UE8M0 1
//   bit   6    reserved (0)          bits 24-26  reserved (0)
//   bits  7-9  A type                bits 27-28  M >> 7
//   bits 10-12 B type (10-11 for     bits 29-30  scale factor A ID
//              the mxf4 kinds)       bit  31     K: 0 = dense K 64 (the only
//                                                one emitted here)
//
// Element types: kind::mxf8f6f4 E4M3 0, E5M2 1, E2M3 3, E3M2 4, E2M1 5; the
// mxf4 kinds E2M1 1. Shapes follow Table 39's rows ("Various combinations of
// .kind and shapes") for kind::f8f6f4 (dense, no .ws): cta_group::1 M 64 or 128
// with N = 8, 16, ... 256; cta_group::2 M 128 or 256 with N = 16, 32, ... 256;
// block scaling encodes M >> 7, so M 64 is out.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TARGET_NVIDIA_TCGEN05INSTRDESCRIPTOR_H
#define MICROSCALE_TARGET_NVIDIA_TCGEN05INSTRDESCRIPTOR_H

#include "microscale/Formats/Status.h"

#include <cstdint>

namespace microscale::nvidia {

using formats::Status;

enum class Tcgen05Kind { MXF8F6F4, MXF4, MXF4NVF4 };

enum class Tcgen05ElementType { E4M3, E5M2, E2M3, E3M2, E2M1 };

enum class Tcgen05ScaleType { UE4M3, UE8M0 };

/// One block-scaled tcgen05.mma, as the kernel emitter describes it.
struct Tcgen05BlockScaledMma {
  Tcgen05Kind kind = Tcgen05Kind::MXF8F6F4;
  Tcgen05ElementType aType = Tcgen05ElementType::E4M3;
  Tcgen05ElementType bType = Tcgen05ElementType::E4M3;
  Tcgen05ScaleType scaleType = Tcgen05ScaleType::UE8M0;
  /// Elements per scale factor: 32 (block32: scale_vec 1X for mxf8f6f4, 2X
  /// for the mxf4 kinds) or 16 (block16, mxf4nvf4 only: 4X).
  int scaleBlock = 32;
  /// cta_group::1 (one CTA) or cta_group::2 (a CTA pair).
  int ctaGroup = 1;
  int m = 128;
  int n = 128;
  bool negateA = false;
  bool negateB = false;
  /// Transposed = MN-major in shared memory; the mxf4 kinds are K-major only.
  bool transposeA = false;
  bool transposeB = false;
  bool sparse = false;
  /// Byte offset of the scale factors inside their Tensor Memory column
  /// (SFA_ID / SFB_ID): 0..3 with 1X, 0 or 2 with 2X, 0 with 4X.
  int scaleAId = 0;
  int scaleBId = 0;
};

/// Checks `mma` against the ISA's rules and encodes it into `idesc`.
Status encodeTcgen05InstrDescriptor(const Tcgen05BlockScaledMma &mma,
                                    uint32_t &idesc);

} // namespace microscale::nvidia

#endif // MICROSCALE_TARGET_NVIDIA_TCGEN05INSTRDESCRIPTOR_H
