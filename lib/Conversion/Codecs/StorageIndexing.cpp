//===- StorageIndexing.cpp - where a block's bytes live in storage --------===//

#include "microscale/Conversion/Codecs/StorageIndexing.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::microscale;

Value mlir::microscale::scaleOffset(OpBuilder &b, Location loc,
                                    QuantizedTensorType type, Value row,
                                    Value block) {
  auto c = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto mul = [&](Value x, Value y) -> Value {
    return arith::MulIOp::create(b, loc, x, y);
  };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddIOp::create(b, loc, x, y);
  };
  int64_t blocks = type.getBlocksPerRow();
  if (type.getLayout() == ScaleLayout::row_major)
    return add(mul(row, c(blocks)), block);
  // Numerics §5: ((r / 128) * (C4 / 4) + c / 4) * 512 + (r % 32) * 16
  //         + ((r % 128) / 32) * 4 + (c % 4)
  int64_t paddedCols = llvm::alignTo(blocks, 4);
  auto div = [&](Value x, int64_t d) -> Value {
    return arith::DivUIOp::create(b, loc, x, c(d));
  };
  auto rem = [&](Value x, int64_t d) -> Value {
    return arith::RemUIOp::create(b, loc, x, c(d));
  };
  Value tile = add(mul(div(row, 128), c(paddedCols / 4)), div(block, 4));
  Value offset = mul(tile, c(512));
  offset = add(offset, mul(rem(row, 32), c(16)));
  offset = add(offset, mul(div(rem(row, 128), 32), c(4)));
  return add(offset, rem(block, 4));
}

Value mlir::microscale::blockByteOffset(OpBuilder &b, Location loc,
                                        QuantizedTensorType type, Value row,
                                        Value block) {
  SchemeAttr scheme = type.getScheme();
  int64_t rowBytes = scheme.getStorageBytes(type.getBlockedDimSize());
  int64_t blockBytes = scheme.getStorageBytes(scheme.getBlockSize());
  Value rowStart = arith::MulIOp::create(
      b, loc, row, arith::ConstantIndexOp::create(b, loc, rowBytes));
  Value blockStart = arith::MulIOp::create(
      b, loc, block, arith::ConstantIndexOp::create(b, loc, blockBytes));
  return arith::AddIOp::create(b, loc, rowStart, blockStart);
}
