//===- OperandStorage.cpp - what lowerings read of their operands ---------===//

#include "microscale/Conversion/Codecs/OperandStorage.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::microscale;

Value mlir::microscale::indexConstant(OpBuilder &b, Location loc,
                                      int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

StorageValues mlir::microscale::getStorageValues(OpBuilder &b, Location loc,
                                                 Value tensor) {
  if (auto pack = tensor.getDefiningOp<PackOp>())
    return {pack.getData(), pack.getScales(), pack.getGlobal()};
  auto type = cast<QuantizedTensorType>(tensor.getType());
  SmallVector<Type> types = {type.getDataType(), type.getScalesType()};
  if (Type globalType = type.getGlobalType())
    types.push_back(globalType);
  auto unpack = UnpackOp::create(b, loc, types, tensor);
  return {unpack.getData(), unpack.getScales(), unpack.getGlobal()};
}

Value mlir::microscale::outerSize(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  Value size = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t i = 0; i + 1 < type.getRank(); ++i)
    size = arith::MulIOp::create(b, loc, size,
                                 memref::DimOp::create(b, loc, memref, i));
  return size;
}

SmallVector<Value> mlir::microscale::dynamicSizesOf(OpBuilder &b, Location loc,
                                                    Value memref,
                                                    bool outerOnly) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<Value> sizes;
  int64_t rank = outerOnly ? type.getRank() - 1 : type.getRank();
  for (int64_t i = 0; i < rank; ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(memref::DimOp::create(b, loc, memref, i));
  return sizes;
}
