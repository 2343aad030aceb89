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
