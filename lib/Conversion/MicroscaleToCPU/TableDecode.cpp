//===- TableDecode.cpp - FP4 decoding by register table lookup ------------===//

#include "TableDecode.h"
#include "X86Intrinsics.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

Value cpu::e2m1Table(OpBuilder &b, Location loc) {
  SmallVector<float> values;
  for (unsigned code = 0; code < 16; ++code)
    values.push_back(
        formats::decode(formats::Format::E2M1, static_cast<uint8_t>(code)));
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(VectorType::get({16}, b.getF32Type()),
                             ArrayRef<float>(values)));
}

Value cpu::buildE2M1Table(OpBuilder &b, Location loc, Value scale,
                          Value global) {
  Value table = e2m1Table(b, loc);
  auto tableType = cast<VectorType>(table.getType());
  table = arith::MulFOp::create(
      b, loc, table, vector::BroadcastOp::create(b, loc, tableType, scale));
  if (global)
    table = arith::MulFOp::create(
        b, loc, table, vector::BroadcastOp::create(b, loc, tableType, global));
  return table;
}

static Value permute(OpBuilder &b, Location loc, Value table, Value indices) {
  return callVectorIntrinsic(b, loc, table.getType(), kPermuteF32,
                             ValueRange{table, indices});
}

Value cpu::lookupE2M1Nibbles(OpBuilder &b, Location loc, Value table,
                             Value bytes) {
  auto wideType = VectorType::get({8}, b.getI32Type());
  CodecBuilder codec(b, loc);
  Value low = arith::ExtUIOp::create(b, loc, wideType, bytes);
  Value high = arith::ShRUIOp::create(b, loc, low, codec.i32(wideType, 4));
  return permute(b, loc, table,
                 vector::InterleaveOp::create(b, loc, low, high));
}

std::pair<Value, Value> cpu::lookupE2M1Bytes(OpBuilder &b, Location loc,
                                             Value table, Value bytes) {
  auto indexType = VectorType::get({16}, b.getI32Type());
  CodecBuilder codec(b, loc);
  Value low = arith::ExtUIOp::create(b, loc, indexType, bytes);
  Value high = arith::ShRUIOp::create(b, loc, low, codec.i32(indexType, 4));
  Value even = permute(b, loc, table, low);
  Value odd = permute(b, loc, table, high);
  return {even, odd};
}

std::pair<Value, Value>
cpu::lookupE2M1BytesTwoTables(OpBuilder &b, Location loc, Value table0,
                              Value table1, Value bytes) {
  auto indexType = VectorType::get({16}, b.getI32Type());
  CodecBuilder codec(b, loc);
  // Index bit 4 picks the table, so the low nibble must be masked.
  SmallVector<int32_t> offsets(16, 0);
  for (int lane = 8; lane < 16; ++lane)
    offsets[lane] = 16;
  Value tableSelect = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(indexType, ArrayRef<int32_t>(offsets)));
  Value wide = arith::ExtUIOp::create(b, loc, indexType, bytes);
  Value low = arith::OrIOp::create(
      b, loc, arith::AndIOp::create(b, loc, wide, codec.i32(indexType, 0xF)),
      tableSelect);
  Value high = arith::OrIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, wide, codec.i32(indexType, 4)),
      tableSelect);
  auto permute2 = [&](Value indices) -> Value {
    return callVectorIntrinsic(b, loc, table0.getType(), kPermute2F32,
                               ValueRange{table0, indices, table1});
  };
  Value even = permute2(low);
  Value odd = permute2(high);
  return {even, odd};
}
