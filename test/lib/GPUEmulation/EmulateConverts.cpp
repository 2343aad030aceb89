//===- EmulateConverts.cpp - FP4 / UE8M0 converts on the host -------------===//

#include "EmulateConverts.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::microscale;
namespace formats = ::microscale::formats;

void nvvm::emulateHardwareConverts(Operation *root) {
  SmallVector<Operation *> converts;
  root->walk([&](Operation *op) {
    if (auto f4 = dyn_cast<NVVM::ConvertF32x2ToF4x2Op>(op)) {
      if (isa<Float4E2M1FNType>(f4.getDstTy()) && !f4.getRelu())
        converts.push_back(op);
    } else if (auto f8 = dyn_cast<NVVM::ConvertF32x2ToF8x2Op>(op)) {
      if (isa<Float8E8M0FNUType>(f8.getDstTy()) &&
          f8.getRnd() == NVVM::FPRoundingMode::RP &&
          f8.getSat() == NVVM::SaturationMode::SATFINITE && !f8.getRelu() &&
          f8.getDst().getType().isInteger(16))
        converts.push_back(op);
    }
  });
  for (Operation *op : converts) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    CodecBuilder codec(b, loc);
    Value high, low;
    int bits;
    Type wide;
    if (auto f4 = dyn_cast<NVVM::ConvertF32x2ToF4x2Op>(op)) {
      high = codec.encode(formats::Format::E2M1, f4.getA());
      low = codec.encode(formats::Format::E2M1, f4.getB());
      bits = 4;
      wide = b.getI8Type();
    } else {
      auto f8 = cast<NVVM::ConvertF32x2ToF8x2Op>(op);
      Type i16 = b.getI16Type();
      high =
          arith::TruncIOp::create(b, loc, i16, codec.e8m0CeilCode(f8.getA()));
      low = arith::TruncIOp::create(b, loc, i16, codec.e8m0CeilCode(f8.getB()));
      bits = 8;
      wide = i16;
    }
    if (high.getType() != wide) {
      high = arith::ExtUIOp::create(b, loc, wide, high);
      low = arith::ExtUIOp::create(b, loc, wide, low);
    }
    Value shift =
        arith::ConstantOp::create(b, loc, b.getIntegerAttr(wide, bits));
    Value result = arith::OrIOp::create(
        b, loc, arith::ShLIOp::create(b, loc, high, shift), low);
    op->getResult(0).replaceAllUsesWith(result);
    op->erase();
  }
}
