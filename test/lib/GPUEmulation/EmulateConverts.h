//===- EmulateConverts.h - FP4 / UE8M0 converts on the host -----*- C++ -*-===//
//
// For the host emulation: the paired converts of sm_100a+ rewritten into the
// software codecs by their PTX ISA definitions, so that the quantize
// kernels that use them (HardwareConverts.h) run on the CPU and their
// operand order and nibble handling are checked bit for bit:
//  - `cvt.rn.satfinite.e2m1x2.f32 d, a, b`: E2M1 of a in bits [7:4] of d,
//    of b in bits [3:0] (round to nearest even, saturate, sign kept);
//  - `cvt.rp.satfinite.ue8m0x2.f32 d, a, b`: a and b rounded up to powers
//    of two, clamped to [2^-127, 2^127], as E8M0 codes in bits [15:8] and
//    [7:0].
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TEST_LIB_GPUEMULATION_EMULATECONVERTS_H
#define MICROSCALE_TEST_LIB_GPUEMULATION_EMULATECONVERTS_H

#include "mlir/IR/Operation.h"

namespace mlir::microscale::nvvm {

/// Rewrites those converts under `root` into software; other NVVM converts
/// are left alone (the emulation then refuses them).
void emulateHardwareConverts(Operation *root);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_TEST_LIB_GPUEMULATION_EMULATECONVERTS_H
