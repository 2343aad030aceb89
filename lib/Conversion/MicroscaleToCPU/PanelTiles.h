//===- PanelTiles.h - pieces shared by the panel GEMM kernels ---*- C++ -*-===//
//
// The GEMM kernels that keep a panel of B in L1 with columns of C across
// vector lanes ("outer product" register tiles) accumulate C in place, one
// panel depth of K at a time: C starts as acc (or 0), each tile of C is
// loaded into registers, updated over a depth of K and stored back. Tiles
// are kTileLanes columns per vector; lanes past N are masked.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_PANELTILES_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_PANELTILES_H

#include "Buffers.h"

namespace mlir::microscale::cpu {

/// 32-bit lanes per vector register of the panel kernels.
constexpr int64_t kTileLanes = 16;

/// Transposes kTileLanes vectors of kTileLanes 32-bit lanes (any element
/// type): four rounds of two-input shuffles.
SmallVector<Value> transposeSquare(OpBuilder &b, Location loc,
                                   SmallVector<Value> rows);

/// C = acc (when given), else 0; `out` is M x N.
void initializeResult(OpBuilder &b, Location loc, const FloatBuffer &out,
                      Value m, Value n, Value acc);

/// The result of a matmul with M and N rows of its operands, allocated and
/// initialised from its acc (or 0).
FloatBuffer allocAccumulatedResult(OpBuilder &b, Location loc,
                                   Value matmulResult, Value acc, Value m,
                                   Value n);

/// The loops of a panel GEMM: for each panel of `panelCols` columns of C
/// (rows of B): allocScratch(), then for each depth of K (`depth` values,
/// then the rest): pack(n0, k0, size), then tile(m0, rows, n0, k0, size)
/// over the rows of A in tiles of `tileRows` (the last 1). The panels are
/// independent iterations, concurrent with `parallel`: allocScratch
/// allocates each one's scratch with memref.alloca.
void buildPanelLoops(
    OpBuilder &b, Location loc, Value m, Value n, int64_t k, int64_t panelCols,
    int64_t depth, ArrayRef<int64_t> tileRows, bool parallel,
    function_ref<void(OpBuilder &, Location)> allocScratch,
    function_ref<void(OpBuilder &, Location, Value, Value, int64_t)> pack,
    function_ref<void(OpBuilder &, Location, Value, int64_t, Value, Value,
                      int64_t)>
        tile);

/// A rows x (vectors · kTileLanes) tile of C at (m0, n0), f32 vectors,
/// row-major; columns past N masked.
class ResultTile {
public:
  ResultTile(OpBuilder &b, Location loc, const FloatBuffer &out, Value n,
             Value m0, int64_t rows, Value n0, int64_t vectors);
  SmallVector<Value> load(OpBuilder &b, Location loc) const;
  void store(OpBuilder &b, Location loc, ValueRange values) const;

private:
  Value memref;
  SmallVector<Value> starts; // per row and vector: index of lane 0
  SmallVector<Value> masks;  // per vector
  int64_t vectors;
};

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_PANELTILES_H
