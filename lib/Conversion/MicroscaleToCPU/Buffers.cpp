//===- Buffers.cpp - flat buffer views of the lowered operands ------------===//

#include "Buffers.h"
#include "Loops.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Conversion/Codecs/OperandStorage.h"
#include "microscale/Conversion/Codecs/StorageIndexing.h"
#include "microscale/Conversion/MicroscaleToLinalg/StorageTensors.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"
#include "microscale/Formats/ElementFormats.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

/// Allocations are aligned for the widest vector loads.
static constexpr int64_t kAlignment = 64;

static Value mulIndex(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

static Value addIndex(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

/// The memref of a tensor value, read-only, identity layout.
static Value toBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return bufferization::ToBufferOp::create(b, loc, memrefType, tensor,
                                           /*read_only=*/true);
}

static Value alloc(OpBuilder &b, Location loc, RankedTensorType type,
                   ValueRange dynamicSizes) {
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return memref::AllocOp::create(b, loc, memrefType, dynamicSizes,
                                 b.getI64IntegerAttr(kAlignment));
}

Value cpu::allocScratch(OpBuilder &b, Location loc, Value size, Type element) {
  return memref::AllocOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic}, element),
      ValueRange{size}, b.getI64IntegerAttr(kAlignment));
}

Value cpu::copyRowsAsF32(OpBuilder &b, Location loc, const FloatBuffer &source,
                         int64_t cols, bool parallel) {
  constexpr int64_t kChunk = 16;
  assert(cols % kChunk == 0 && "rows of whole chunks");
  Value colsValue = indexConstant(b, loc, cols);
  Value copy = allocScratch(
      b, loc, arith::MulIOp::create(b, loc, source.rows, colsValue),
      b.getF32Type());
  Value c0 = indexConstant(b, loc, 0);
  buildIndependentLoop(
      b, loc, c0, source.rows, indexConstant(b, loc, 1), parallel,
      [&](OpBuilder &b, Location loc, Value row) {
        Value base = arith::MulIOp::create(b, loc, row, colsValue);
        buildLoop(b, loc, c0, colsValue, indexConstant(b, loc, kChunk),
                  [&](OpBuilder &b, Location loc, Value col) {
                    vector::StoreOp::create(
                        b, loc, source.loadF32(b, loc, row, col, kChunk), copy,
                        ValueRange{arith::AddIOp::create(b, loc, base, col)});
                  });
      });
  return copy;
}

Value cpu::flatten(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getRank() == 1)
    return memref;
  ReassociationIndices all;
  for (int64_t i = 0; i < type.getRank(); ++i)
    all.push_back(i);
  return memref::CollapseShapeOp::create(b, loc, memref,
                                         ArrayRef<ReassociationIndices>{all});
}

//===----------------------------------------------------------------------===//
// FloatBuffer
//===----------------------------------------------------------------------===//

static FloatBuffer makeFloatBuffer(OpBuilder &b, Location loc,
                                   RankedTensorType type, Value shaped) {
  FloatBuffer buffer;
  buffer.type = type;
  buffer.shaped = shaped;
  buffer.memref = flatten(b, loc, shaped);
  buffer.rows = outerSize(b, loc, shaped);
  buffer.cols = memref::DimOp::create(b, loc, shaped, type.getRank() - 1);
  buffer.dynamicSizes = dynamicSizesOf(b, loc, shaped, /*outerOnly=*/false);
  return buffer;
}

FloatBuffer cpu::getFloatBuffer(OpBuilder &b, Location loc, Value tensor) {
  return makeFloatBuffer(b, loc, cast<RankedTensorType>(tensor.getType()),
                         toBuffer(b, loc, tensor));
}

FloatBuffer cpu::allocFloatBuffer(OpBuilder &b, Location loc,
                                  RankedTensorType type,
                                  ValueRange dynamicSizes) {
  return makeFloatBuffer(b, loc, type, alloc(b, loc, type, dynamicSizes));
}

Value FloatBuffer::loadF32(OpBuilder &b, Location loc, Value row, Value col,
                           int64_t width) const {
  Value index = addIndex(b, loc, mulIndex(b, loc, row, cols), col);
  Value values = vector::LoadOp::create(
      b, loc, VectorType::get({width}, getElementType()), memref, index);
  if (getElementType().isF32())
    return values;
  return arith::ExtFOp::create(b, loc, VectorType::get({width}, b.getF32Type()),
                               values);
}

void FloatBuffer::prefetchAhead(OpBuilder &b, Location loc, Value row,
                                Value col, int64_t width,
                                int64_t bytesAhead) const {
  int64_t elementBytes = getElementType().getIntOrFloatBitWidth() / 8;
  int64_t perLine = std::max<int64_t>(64 / elementBytes, 1);
  Value index = addIndex(b, loc, mulIndex(b, loc, row, cols), col);
  Value last =
      arith::SubIOp::create(b, loc, memref::DimOp::create(b, loc, memref, 0),
                            indexConstant(b, loc, 1));
  for (int64_t at = 0; at < width; at += perLine) {
    Value ahead = arith::AddIOp::create(
        b, loc, index, indexConstant(b, loc, bytesAhead / elementBytes + at));
    memref::PrefetchOp::create(
        b, loc, memref, ValueRange{arith::MinUIOp::create(b, loc, ahead, last)},
        /*isWrite=*/false, /*localityHint=*/3, /*isDataCache=*/true);
  }
}

void FloatBuffer::storeF32(OpBuilder &b, Location loc, Value values, Value row,
                           Value col) const {
  auto vectorType = cast<VectorType>(values.getType());
  if (getElementType().isBF16())
    values = CodecBuilder(b, loc).truncToBF16(values);
  else if (!getElementType().isF32())
    values = arith::TruncFOp::create(b, loc, vectorType.clone(getElementType()),
                                     values);
  Value index = addIndex(b, loc, mulIndex(b, loc, row, cols), col);
  vector::StoreOp::create(b, loc, values, memref, index);
}

Value cpu::toTensor(OpBuilder &b, Location loc, const FloatBuffer &buffer) {
  return bufferization::ToTensorOp::create(b, loc, buffer.type, buffer.shaped,
                                           /*restrict=*/true,
                                           /*writable=*/true);
}

//===----------------------------------------------------------------------===//
// QuantizedBuffers
//===----------------------------------------------------------------------===//

static QuantizedBuffers makeQuantizedBuffers(OpBuilder &b, Location loc,
                                             QuantizedTensorType type,
                                             Value data, Value scales,
                                             Value global) {
  QuantizedBuffers buffers;
  buffers.type = type;
  buffers.shapedData = data;
  buffers.shapedScales = scales;
  buffers.data = flatten(b, loc, data);
  buffers.scales = flatten(b, loc, scales);
  buffers.global = global;
  buffers.rows = outerSize(b, loc, data);
  buffers.dynamicSizes = dynamicSizesOf(b, loc, data, /*outerOnly=*/true);
  return buffers;
}

/// The module's table of the f32 values of the 256 E4M3 codes.
constexpr llvm::StringLiteral kE4M3Table = "__microscale_e4m3_values";

static MemRefType e4m3TableType(OpBuilder &b) {
  return MemRefType::get({256}, b.getF32Type());
}

/// Declares the E4M3 table in the module that holds `tensor`, once; false
/// where no module holds it (the scales are then decoded arithmetically).
/// Called where an operand is taken: the kernels' loop bodies are built
/// detached from the module.
static bool declareE4M3Table(OpBuilder &b, Location loc, Value tensor) {
  Block *block = tensor.getParentBlock();
  Operation *parent = block ? block->getParentOp() : nullptr;
  auto module = dyn_cast_or_null<ModuleOp>(parent);
  if (parent && !module)
    module = parent->getParentOfType<ModuleOp>();
  if (!module)
    return false;
  if (SymbolTable::lookupSymbolIn(module, kE4M3Table))
    return true;
  SmallVector<float> values;
  for (unsigned code = 0; code < 256; ++code)
    values.push_back(
        formats::decode(formats::Format::E4M3, static_cast<uint8_t>(code)));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  memref::GlobalOp::create(
      b, loc, kE4M3Table, b.getStringAttr("private"), e4m3TableType(b),
      DenseElementsAttr::get(RankedTensorType::get({256}, b.getF32Type()),
                             ArrayRef<float>(values)),
      /*constant=*/true, /*alignment=*/b.getI64IntegerAttr(64));
  return true;
}

void cpu::storeDotProduct(OpBuilder &b, Location loc, const FloatBuffer &out,
                          const std::optional<FloatBuffer> &acc, Value global,
                          Value row, Value col, Value sum) {
  Value index = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, row, out.cols), col);
  if (global)
    sum = arith::MulFOp::create(b, loc, sum, global);
  if (acc)
    sum = arith::AddFOp::create(
        b, loc, sum, memref::LoadOp::create(b, loc, acc->memref, index));
  memref::StoreOp::create(b, loc, sum, out.memref, index);
}

QuantizedBuffers cpu::getQuantizedBuffers(OpBuilder &b, Location loc,
                                          Value tensor) {
  auto type = cast<QuantizedTensorType>(tensor.getType());
  bool e4m3Table =
      !type.getScheme().hasE8M0Scales() && declareE4M3Table(b, loc, tensor);
  auto [data, scales, global] = getStorageValues(b, loc, tensor);
  unsigned bits = type.getScheme().getElementBits();
  Value codes = bits == 4 || bits == 8
                    ? linalg_lowering::packedSource(data, type)
                    : Value();
  // The codes have the storage's outer dimensions.
  QuantizedBuffers buffers =
      makeQuantizedBuffers(b, loc, type, toBuffer(b, loc, codes ? codes : data),
                           toBuffer(b, loc, scales), global);
  if (codes) {
    buffers.codes = buffers.data;
    buffers.data = buffers.shapedData = Value();
  }
  buffers.e4m3Table = e4m3Table;
  return buffers;
}

QuantizedBuffers cpu::allocQuantizedBuffers(OpBuilder &b, Location loc,
                                            QuantizedTensorType type,
                                            ValueRange dynamicSizes) {
  Value data = alloc(b, loc, type.getDataType(), dynamicSizes);
  // Swizzled scales pad the row count to 128: the dynamic row size rounds up.
  SmallVector<Value> scaleSizes(dynamicSizes);
  if (type.getLayout() == ScaleLayout::swizzled && !scaleSizes.empty()) {
    Value c127 = indexConstant(b, loc, 127), c128 = indexConstant(b, loc, 128);
    scaleSizes[0] =
        mulIndex(b, loc,
                 arith::DivUIOp::create(
                     b, loc, addIndex(b, loc, scaleSizes[0], c127), c128),
                 c128);
  }
  Value scales = alloc(b, loc, type.getScalesType(), scaleSizes);
  QuantizedBuffers buffers =
      makeQuantizedBuffers(b, loc, type, data, scales, Value());
  buffers.dynamicSizes.assign(dynamicSizes.begin(), dynamicSizes.end());
  if (type.getLayout() == ScaleLayout::swizzled) {
    // Padding bytes are zero (Numerics §5).
    Type scaleType = type.getScheme().getScaleType();
    Value zero = arith::BitcastOp::create(
        b, loc, scaleType,
        arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0)));
    Value size = memref::DimOp::create(b, loc, buffers.scales, 0);
    scf::ForOp::create(
        b, loc, indexConstant(b, loc, 0), size, indexConstant(b, loc, 1),
        ValueRange(), [&](OpBuilder &nb, Location nloc, Value i, ValueRange) {
          memref::StoreOp::create(nb, nloc, zero, buffers.scales, i);
          scf::YieldOp::create(nb, nloc);
        });
  }
  return buffers;
}

Value cpu::toQuantizedTensor(OpBuilder &b, Location loc,
                             const QuantizedBuffers &buffers) {
  Value data = bufferization::ToTensorOp::create(
      b, loc,
      buffers.type.getDataType().clone(
          cast<MemRefType>(buffers.shapedData.getType()).getShape()),
      buffers.shapedData, /*restrict=*/true, /*writable=*/true);
  Value scales = bufferization::ToTensorOp::create(
      b, loc,
      buffers.type.getScalesType().clone(
          cast<MemRefType>(buffers.shapedScales.getType()).getShape()),
      buffers.shapedScales, /*restrict=*/true, /*writable=*/true);
  return PackOp::create(b, loc, buffers.type, data, scales, buffers.global);
}

Value QuantizedBuffers::scaleOffset(OpBuilder &b, Location loc, Value row,
                                    Value block) const {
  return mlir::microscale::scaleOffset(b, loc, type, row, block);
}

Value QuantizedBuffers::loadScaleCode(OpBuilder &b, Location loc, Value row,
                                      Value block) const {
  Value scale =
      memref::LoadOp::create(b, loc, scales, scaleOffset(b, loc, row, block));
  return CodecBuilder(b, loc).scaleCode(scale);
}

Value QuantizedBuffers::loadScale(OpBuilder &b, Location loc, Value row,
                                  Value block) const {
  Value code = loadScaleCode(b, loc, row, block);
  if (getScheme().hasE8M0Scales())
    return CodecBuilder(b, loc).e8m0Scale(code);
  if (!e4m3Table)
    return BlockCodec(b, loc, getScheme().toFormats()).scaleValue(code);
  Value index = arith::IndexCastUIOp::create(b, loc, b.getIndexType(), code);
  Value table =
      memref::GetGlobalOp::create(b, loc, e4m3TableType(b), kE4M3Table);
  return memref::LoadOp::create(b, loc, table, ValueRange{index});
}

Value QuantizedBuffers::loadScales(OpBuilder &b, Location loc, Value row,
                                   Value firstBlock, int64_t count) const {
  auto codesType = VectorType::get({count}, b.getI32Type());
  Value codes;
  if (type.getLayout() == ScaleLayout::row_major) {
    // The blocks' scales are consecutive bytes.
    Value stored = vector::LoadOp::create(
        b, loc, VectorType::get({count}, getScheme().getScaleType()), scales,
        scaleOffset(b, loc, row, firstBlock));
    codes = arith::ExtUIOp::create(
        b, loc, codesType,
        arith::BitcastOp::create(
            b, loc, VectorType::get({count}, b.getI8Type()), stored));
  } else {
    SmallVector<Value> each;
    for (int64_t i = 0; i < count; ++i)
      each.push_back(loadScaleCode(
          b, loc, row, addIndex(b, loc, firstBlock, indexConstant(b, loc, i))));
    codes = vector::FromElementsOp::create(b, loc, codesType, each);
  }
  return BlockCodec(b, loc, getScheme().toFormats()).scaleValue(codes);
}

void QuantizedBuffers::storeScaleCode(OpBuilder &b, Location loc, Value code,
                                      Value row, Value block) const {
  Value scale =
      CodecBuilder(b, loc).scaleOfCode(code, getScheme().getScaleType());
  memref::StoreOp::create(b, loc, scale, scales,
                          scaleOffset(b, loc, row, block));
}

/// `count` elements of `type` (i8, or i16 for pairs of bytes) from byte
/// `offset` on of a memref whose elements take a byte each, loaded through
/// its pointer: a vector of sub-byte elements would be read packed. The
/// pointer is taken where the bytes are loaded, so the buffer stays in use
/// (and allocated) as long as they are.
static Value loadThroughPointer(OpBuilder &b, Location loc, Value memref,
                                Value offset, int64_t count, Type type) {
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  Value address = arith::IndexCastUIOp::create(b, loc, b.getI64Type(),
                                               addIndex(b, loc, base, offset));
  Value pointer = LLVM::IntToPtrOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext()), address);
  return LLVM::LoadOp::create(b, loc, VectorType::get({count}, type), pointer,
                              /*alignment=*/1);
}

Value QuantizedBuffers::loadBytes(OpBuilder &b, Location loc, Value offset,
                                  int64_t count) const {
  auto bytesType = VectorType::get({count}, b.getI8Type());
  if (!codes)
    return vector::LoadOp::create(b, loc, bytesType, data, offset);
  if (getScheme().getElementBits() == 8)
    return loadThroughPointer(b, loc, codes, offset, count, b.getI8Type());
  // Byte j holds code 2j in its low nibble, 2j + 1 in its high one
  // (Numerics §5): each pair of code bytes read as one little-endian i16
  // (as loadCodes reads FP6 groups), which costs fewer shuffles than
  // deinterleaving bytes.
  Value pairs = loadThroughPointer(
      b, loc, codes, mulIndex(b, loc, offset, indexConstant(b, loc, 2)), count,
      b.getI16Type());
  auto i16Type = cast<VectorType>(pairs.getType());
  Value eight = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(i16Type, b.getI16IntegerAttr(8)));
  Value even = arith::TruncIOp::create(b, loc, bytesType, pairs);
  Value odd = arith::TruncIOp::create(
      b, loc, bytesType, arith::ShRUIOp::create(b, loc, pairs, eight));
  return BlockCodec(b, loc, getScheme().toFormats())
      .packFields({even, odd}, 4, bytesType);
}

Value QuantizedBuffers::loadCodes(OpBuilder &b, Location loc, Value row,
                                  Value block) const {
  SchemeAttr scheme = getScheme();
  int64_t n = getBlockSize();
  Value offset = blockByteOffset(b, loc, type, row, block);
  BlockCodec codec(b, loc, scheme.toFormats());
  switch (scheme.getElementBits()) {
  case 8:
    return loadBytes(b, loc, offset, n);
  case 4: {
    // Element 2i in the low nibble, 2i+1 in the high one (Numerics §5).
    Value bytes = loadBytes(b, loc, offset, n / 2);
    return vector::InterleaveOp::create(b, loc, codec.unpackField(bytes, 4, 0),
                                        codec.unpackField(bytes, 4, 4));
  }
  default: {
    // Four 6-bit elements in each 24-bit little-endian group (Numerics §5):
    // widen every group to an i32 lane, then split the four fields.
    int64_t groups = n / 4;
    Value bytes = loadBytes(b, loc, offset, groups * 3);
    SmallVector<int64_t> mask;
    for (int64_t g = 0; g < groups; ++g)
      mask.append({3 * g, 3 * g + 1, 3 * g + 2, 3 * g + 2});
    Value spread = vector::ShuffleOp::create(b, loc, bytes, bytes, mask);
    Value words = vector::BitCastOp::create(
        b, loc, VectorType::get({groups}, b.getI32Type()), spread);
    SmallVector<Value> fields;
    for (int j = 0; j < 4; ++j)
      fields.push_back(codec.unpackField(words, 6, 6 * j));
    Value even = vector::InterleaveOp::create(b, loc, fields[0], fields[2]);
    Value odd = vector::InterleaveOp::create(b, loc, fields[1], fields[3]);
    return vector::InterleaveOp::create(b, loc, even, odd);
  }
  }
}

void QuantizedBuffers::storeCodes(OpBuilder &b, Location loc, Value codes,
                                  Value row, Value block) const {
  SchemeAttr scheme = getScheme();
  int64_t n = getBlockSize();
  Value offset = blockByteOffset(b, loc, type, row, block);
  Type i8 = b.getI8Type();
  BlockCodec codec(b, loc, scheme.toFormats());
  switch (scheme.getElementBits()) {
  case 8:
    vector::StoreOp::create(b, loc, codes, data, offset);
    return;
  case 4: {
    auto halves = vector::DeinterleaveOp::create(b, loc, codes);
    Value bytes = codec.packFields({halves.getRes1(), halves.getRes2()}, 4,
                                   VectorType::get({n / 2}, i8));
    vector::StoreOp::create(b, loc, bytes, data, offset);
    return;
  }
  default: {
    int64_t groups = n / 4;
    auto halves = vector::DeinterleaveOp::create(b, loc, codes);
    auto evens = vector::DeinterleaveOp::create(b, loc, halves.getRes1());
    auto odds = vector::DeinterleaveOp::create(b, loc, halves.getRes2());
    Value words = codec.packFields(
        {evens.getRes1(), odds.getRes1(), evens.getRes2(), odds.getRes2()}, 6,
        VectorType::get({groups}, b.getI32Type()));
    Value bytes = vector::BitCastOp::create(
        b, loc, VectorType::get({groups * 4}, i8), words);
    SmallVector<int64_t> mask;
    for (int64_t g = 0; g < groups; ++g)
      mask.append({4 * g, 4 * g + 1, 4 * g + 2});
    vector::StoreOp::create(
        b, loc, vector::ShuffleOp::create(b, loc, bytes, bytes, mask), data,
        offset);
    return;
  }
  }
}

void QuantizedBuffers::prefetchAhead(OpBuilder &b, Location loc, Value row,
                                     Value block, int64_t bytesAhead) const {
  Value offset =
      arith::AddIOp::create(b, loc, blockByteOffset(b, loc, type, row, block),
                            indexConstant(b, loc, bytesAhead));
  // Codes in place of the storage bytes: as many bytes per storage byte as
  // codes.
  Value bytes = codes ? codes : data;
  if (codes && getScheme().getElementBits() == 4)
    offset = mulIndex(b, loc, offset, indexConstant(b, loc, 2));
  Value last =
      arith::SubIOp::create(b, loc, memref::DimOp::create(b, loc, bytes, 0),
                            indexConstant(b, loc, 1));
  offset = arith::MinUIOp::create(b, loc, offset, last);
  memref::PrefetchOp::create(b, loc, bytes, ValueRange{offset},
                             /*isWrite=*/false, /*localityHint=*/3,
                             /*isDataCache=*/true);
}
