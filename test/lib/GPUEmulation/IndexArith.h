//===- IndexArith.h - index arithmetic for emitted host loops ---*- C++ -*-===//
//
// The host emulation computes lanes, registers and fragment coordinates
// with index arithmetic on loop variables; this spells it briefly.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TEST_LIB_GPUEMULATION_INDEXARITH_H
#define MICROSCALE_TEST_LIB_GPUEMULATION_INDEXARITH_H

#include "microscale/Conversion/Codecs/OperandStorage.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace mlir::microscale::nvvm {

/// Index values built at one insertion point.
struct IndexArith {
  OpBuilder &b;
  Location loc;

  Value c(int64_t value) const { return indexConstant(b, loc, value); }
  Value div(Value x, int64_t d) const {
    return arith::DivUIOp::create(b, loc, x, c(d));
  }
  Value rem(Value x, int64_t d) const {
    return arith::RemUIOp::create(b, loc, x, c(d));
  }
  Value add(Value x, Value y) const {
    return arith::AddIOp::create(b, loc, x, y);
  }
  Value mul(Value x, int64_t y) const {
    return arith::MulIOp::create(b, loc, x, c(y));
  }
};

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_TEST_LIB_GPUEMULATION_INDEXARITH_H
