//===- HardwareConverts.h - sm_100a+ FP4 / UE8M0 converts -------*- C++ -*-===//
//
// The paired converts of sm_100a, sm_103a and sm_120a that the quantize
// kernels use where they compute exactly the numerics reference's rule:
//  - `cvt.rp.satfinite.ue8m0x2.f32`: r rounded up to a power of two and
//    clamped to [2^-127, 2^127], which is Numerics §2.3's rceil scale code for
//    r = amax / largest as one f32 division;
//  - `cvt.rn.satfinite.e2m1x2.f32`: round to nearest even, saturate to
//    +-6, sign kept, which is Numerics §1's conversion to E2M1. Its first
//    operand goes to the HIGH nibble (Numerics §5): the kernels pass (x[2i+1],
//    x[2i]).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_HARDWARECONVERTS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_HARDWARECONVERTS_H

#include "microscale/Formats/ElementFormats.h"

#include "mlir/IR/Builders.h"

namespace mlir::microscale::nvvm {

/// The E8M0 code (i32) of Numerics §2.3's rceil scale of a block whose largest
/// magnitude has the f32 bits `amaxBits` (i32, finite), for `element`.
Value hardwareRceilScaleCode(OpBuilder &b, Location loc,
                             ::microscale::formats::Format element,
                             Value amaxBits);

/// The E2M1 codes (i8, low 4 bits) of the f32 values `even` (element 2i)
/// and `odd` (element 2i + 1), converted as one pair.
std::pair<Value, Value> hardwareE2M1Pair(OpBuilder &b, Location loc, Value even,
                                         Value odd);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_HARDWARECONVERTS_H
