//===- Loops.h - small helpers for building scf loops -----------*- C++ -*-===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOOPS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOOPS_H

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

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOOPS_H
