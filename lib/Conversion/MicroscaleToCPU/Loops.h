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

/// for (i = lower; i < upper; i += step) body(i) where the iterations are
/// independent of each other: with `parallel` an scf.parallel, which the
/// CPU pipeline runs on OpenMP threads, else an scf.for. Both are automatic
/// allocation scopes: scratch the body allocates with memref.alloca lives
/// for one iteration, one copy per thread.
inline void
buildIndependentLoop(OpBuilder &b, Location loc, Value lower, Value upper,
                     Value step, bool parallel,
                     function_ref<void(OpBuilder &, Location, Value)> body) {
  if (!parallel) {
    buildLoop(b, loc, lower, upper, step, body);
    return;
  }
  scf::ParallelOp::create(
      b, loc, ValueRange{lower}, ValueRange{upper}, ValueRange{step},
      [&](OpBuilder &nb, Location nloc, ValueRange ivs) {
        body(nb, nloc, ivs.front());
      });
}

/// Covers [0, upper) with whole tiles of tiles[0] iterations, then of
/// tiles[1] over the rest, and so on: body(start, size). The last size must
/// be 1.
/// Every tile is an independent iteration (buildIndependentLoop); with
/// `parallel` the whole tiles of the first size run concurrently, the few
/// left over in order.
inline void
buildTiledLoop(OpBuilder &b, Location loc, Value upper, ArrayRef<int64_t> tiles,
               function_ref<void(OpBuilder &, Location, Value, int64_t)> body,
               bool parallel = false) {
  assert(!tiles.empty() && tiles.back() == 1 && "the last tile must be 1");
  Value start = arith::ConstantIndexOp::create(b, loc, 0);
  for (auto [i, tile] : llvm::enumerate(tiles)) {
    Value step = arith::ConstantIndexOp::create(b, loc, tile);
    Value end = upper;
    if (tile != 1)
      end = arith::SubIOp::create(
          b, loc, upper,
          arith::RemUIOp::create(
              b, loc, arith::SubIOp::create(b, loc, upper, start), step));
    buildIndependentLoop(b, loc, start, end, step, parallel && i == 0,
                         [&](OpBuilder &b, Location loc, Value first) {
                           body(b, loc, first, tile);
                         });
    start = end;
  }
}

/// Whole tiles of `tile` iterations, then the rest one at a time.
inline void
buildTiledLoop(OpBuilder &b, Location loc, Value upper, int64_t tile,
               function_ref<void(OpBuilder &, Location, Value, int64_t)> body,
               bool parallel = false) {
  buildTiledLoop(b, loc, upper, ArrayRef<int64_t>{tile, 1}, body, parallel);
}

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOOPS_H
