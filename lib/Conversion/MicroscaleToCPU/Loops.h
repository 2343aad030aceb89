//===- Loops.h - small helpers for building scf loops -----------*- C++ -*-===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOOPS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOOPS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace mlir::microscale::cpu {

/// for (i = lower; i < upper; i += step) body(i), without loop-carried
/// values.
inline void buildLoop(OpBuilder &b, Location loc, Value lower, Value upper,
                      Value step,
                      function_ref<void(OpBuilder &, Location, Value)> body) {
  scf::ForOp::create(b, loc, lower, upper, step, ValueRange(),
                     [&](OpBuilder &nb, Location nloc, Value iv, ValueRange) {
                       body(nb, nloc, iv);
                       scf::YieldOp::create(nb, nloc);
                     });
}

/// The same with loop-carried values; returns their final values.
inline ValueRange buildLoop(
    OpBuilder &b, Location loc, Value lower, Value upper, Value step,
    ValueRange init,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        body) {
  auto loop = scf::ForOp::create(
      b, loc, lower, upper, step, init,
      [&](OpBuilder &nb, Location nloc, Value iv, ValueRange args) {
        scf::YieldOp::create(nb, nloc, body(nb, nloc, iv, args));
      });
  return loop.getResults();
}

/// Covers [0, upper) with whole tiles of `tile` iterations, then the rest
/// one at a time: body(start, size) with size `tile` or 1.
inline void
buildTiledLoop(OpBuilder &b, Location loc, Value upper, int64_t tile,
               function_ref<void(OpBuilder &, Location, Value, int64_t)> body) {
  Value step = arith::ConstantIndexOp::create(b, loc, tile);
  Value wholeEnd = arith::SubIOp::create(
      b, loc, upper, arith::RemUIOp::create(b, loc, upper, step));
  buildLoop(b, loc, arith::ConstantIndexOp::create(b, loc, 0), wholeEnd, step,
            [&](OpBuilder &b, Location loc, Value start) {
              body(b, loc, start, tile);
            });
  buildLoop(
      b, loc, wholeEnd, upper, arith::ConstantIndexOp::create(b, loc, 1),
      [&](OpBuilder &b, Location loc, Value start) { body(b, loc, start, 1); });
}

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOOPS_H
