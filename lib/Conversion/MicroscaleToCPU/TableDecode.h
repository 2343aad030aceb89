//===- TableDecode.h - FP4 decoding by register table lookup ----*- C++ -*-===//
//
// With AVX-512F a 16-entry f32 table fits one register and `vpermps` looks
// up 16 codes at once, using only the low 4 bits of each index: a nibble
// needs no mask. The block scale is folded into the table (16
// multiplications instead of one per element, each rounded exactly as the
// dequantization rounds it), so one lookup yields dequantized values.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_TABLEDECODE_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_TABLEDECODE_H

#include "mlir/IR/Builders.h"

namespace mlir::microscale::cpu {

/// The 16 E2M1 values, indexed by code: vector<16xf32>.
Value e2m1Table(OpBuilder &b, Location loc);

/// The 16 E2M1 values times `scale` (times `global` when given, in that
/// order): vector<16xf32>.
Value buildE2M1Table(OpBuilder &b, Location loc, Value scale, Value global);

/// Looks up packed E2M1 bytes (vector<16xi8>, element 2i in the low nibble)
/// in `table`: the 16 even elements (low nibbles) and the 16 odd ones.
std::pair<Value, Value> lookupE2M1Bytes(OpBuilder &b, Location loc, Value table,
                                        Value bytes);

/// Like lookupE2M1Bytes, with bytes 0-7 looked up in `table0` and bytes
/// 8-15 in `table1` (`vpermi2ps`: two tables, 32 entries).
std::pair<Value, Value> lookupE2M1BytesTwoTables(OpBuilder &b, Location loc,
                                                 Value table0, Value table1,
                                                 Value bytes);

/// Looks up 8 packed E2M1 bytes (vector<8xi8>) in `table`: 16 values in
/// element order.
Value lookupE2M1Nibbles(OpBuilder &b, Location loc, Value table, Value bytes);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_TABLEDECODE_H
