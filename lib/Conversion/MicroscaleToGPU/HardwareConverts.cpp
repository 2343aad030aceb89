//===- HardwareConverts.cpp - sm_100a+ FP4 / UE8M0 converts ---------------===//

#include "HardwareConverts.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

using namespace mlir;
using namespace mlir::microscale;
namespace formats = ::microscale::formats;

Value nvvm::hardwareRceilScaleCode(OpBuilder &b, Location loc,
                                   formats::Format element, Value amaxBits) {
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  Value amax = arith::BitcastOp::create(b, loc, f32, amaxBits);
  Value largest = arith::ConstantOp::create(
      b, loc,
      b.getF32FloatAttr(
          static_cast<float>(formats::getFormatInfo(element).largestFinite)));
  Value ratio = arith::DivFOp::create(b, loc, amax, largest);
  // Both halves convert the same ratio; the low byte is the code.
  Value pair = NVVM::ConvertF32x2ToF8x2Op::create(
      b, loc, b.getI16Type(), ratio, ratio, NVVM::FPRoundingMode::RP,
      NVVM::SaturationMode::SATFINITE, /*relu=*/false,
      b.getType<Float8E8M0FNUType>());
  Value code = arith::TruncIOp::create(b, loc, b.getI8Type(), pair);
  return arith::ExtUIOp::create(b, loc, i32, code);
}

std::pair<Value, Value> nvvm::hardwareE2M1Pair(OpBuilder &b, Location loc,
                                               Value even, Value odd) {
  // The first operand lands in the high nibble.
  Value byte = NVVM::ConvertF32x2ToF4x2Op::create(
      b, loc, b.getI8Type(), odd, even, /*relu=*/false,
      b.getType<Float4E2M1FNType>());
  Type i8 = b.getI8Type();
  Value low = arith::AndIOp::create(
      b, loc, byte,
      arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 15)));
  Value high = arith::ShRUIOp::create(
      b, loc, byte, arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 4)));
  return {low, high};
}
