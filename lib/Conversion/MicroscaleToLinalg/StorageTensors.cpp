//===- StorageTensors.cpp - storage of block-scaled tensors as tensors ----===//

#include "microscale/Conversion/MicroscaleToLinalg/StorageTensors.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::linalg_lowering;

SmallVector<Value> linalg_lowering::dynamicSizes(OpBuilder &b, Location loc,
                                                 Value tensor, int64_t count) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < count; ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(tensor::DimOp::create(b, loc, tensor, i));
  return sizes;
}

Value linalg_lowering::emptyTensor(OpBuilder &b, Location loc,
                                   ArrayRef<int64_t> shape, Type element,
                                   ValueRange dynamic) {
  return tensor::EmptyOp::create(b, loc, shape, element, dynamic);
}

Value linalg_lowering::buildGeneric(OpBuilder &b, Location loc,
                                    ValueRange inputs, Value init,
                                    ArrayRef<AffineMap> maps, BodyBuilder body,
                                    int64_t reductions) {
  int64_t loops = maps.front().getNumDims();
  SmallVector<utils::IteratorType> iterators(loops,
                                             utils::IteratorType::parallel);
  for (int64_t i = loops - reductions; i < loops; ++i)
    iterators[i] = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &b, Location loc, ValueRange args) {
        linalg::YieldOp::create(b, loc, body(b, loc, args));
      });
  return generic.getResult(0);
}

AffineMap linalg_lowering::identityMap(MLIRContext *context, int64_t rank) {
  return AffineMap::getMultiDimIdentityMap(rank, context);
}

AffineMap linalg_lowering::blockMap(MLIRContext *context, int64_t rank,
                                    int64_t block) {
  SmallVector<AffineExpr> results;
  for (int64_t i = 0; i + 1 < rank; ++i)
    results.push_back(getAffineDimExpr(i, context));
  results.push_back(getAffineDimExpr(rank - 1, context).floorDiv(block));
  return AffineMap::get(rank, 0, results, context);
}

/// `(d0, ..., dn-1) -> (d0, ..., f(dn-1))`.
static AffineMap innermostMap(MLIRContext *context, int64_t rank,
                              AffineExpr innermost) {
  SmallVector<AffineExpr> results;
  for (int64_t i = 0; i + 1 < rank; ++i)
    results.push_back(getAffineDimExpr(i, context));
  results.push_back(innermost);
  return AffineMap::get(rank, 0, results, context);
}

static Value i32Constant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIntOp::create(b, loc, b.getI32Type(), value);
}

/// The innermost loop index as an i32.
static Value innermostIndexI32(OpBuilder &b, Location loc, int64_t rank,
                               int64_t modulus) {
  Value k = linalg::IndexOp::create(b, loc, rank - 1);
  Value rem = arith::RemUIOp::create(
      b, loc, k, arith::ConstantIndexOp::create(b, loc, modulus));
  return arith::IndexCastUIOp::create(b, loc, b.getI32Type(), rem);
}

/// An i8 code (low bits) as `codeType`: the integer of its width, then a
/// bitcast to the float type.
static Value codeAs(OpBuilder &b, Location loc, Value code, Type codeType) {
  if (!codeType || codeType.isInteger(8))
    return code;
  unsigned width = codeType.getIntOrFloatBitWidth();
  if (width < 8)
    code = arith::TruncIOp::create(b, loc, b.getIntegerType(width), code);
  return arith::BitcastOp::create(b, loc, codeType, code);
}

Value linalg_lowering::unpackCodes(OpBuilder &b, Location loc,
                                   const Storage &storage, Type codeType) {
  MLIRContext *context = b.getContext();
  QuantizedTensorType type = storage.type;
  int64_t rank = type.getRank();
  unsigned bits = type.getScheme().getElementBits();
  formats::Scheme scheme = type.getScheme().toFormats();
  Type resultElement = codeType ? codeType : b.getI8Type();
  Value init = emptyTensor(b, loc, type.getShape(), resultElement,
                           dynamicSizes(b, loc, storage.data, rank - 1));
  AffineExpr k = getAffineDimExpr(rank - 1, context);
  if (bits == 8)
    return buildGeneric(
        b, loc, storage.data, init,
        {identityMap(context, rank), identityMap(context, rank)},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return codeAs(b, loc, args[0], codeType);
        });
  if (bits == 4) {
    // Element 2i in the low nibble, 2i + 1 in the high one (Numerics §5).
    return buildGeneric(
        b, loc, storage.data, init,
        {innermostMap(context, rank, k.floorDiv(2)),
         identityMap(context, rank)},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value byte = arith::ExtUIOp::create(b, loc, b.getI32Type(), args[0]);
          Value shift =
              arith::MulIOp::create(b, loc, innermostIndexI32(b, loc, rank, 2),
                                    i32Constant(b, loc, 4));
          Value code = BlockCodec(b, loc, scheme).unpackField(byte, 4, shift);
          return codeAs(b, loc, code, codeType);
        });
  }
  // FP6: element j of a group of four occupies bits [6j, 6j + 6) of the
  // group's 24-bit little-endian word (Numerics §5).
  SmallVector<Value> inputs(3, storage.data);
  SmallVector<AffineMap> maps;
  for (int64_t t = 0; t < 3; ++t)
    maps.push_back(innermostMap(context, rank, k.floorDiv(4) * 3 + t));
  maps.push_back(identityMap(context, rank));
  return buildGeneric(
      b, loc, inputs, init, maps,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value word;
        for (int64_t t = 0; t < 3; ++t) {
          Value byte = arith::ExtUIOp::create(b, loc, b.getI32Type(), args[t]);
          if (t)
            byte =
                arith::ShLIOp::create(b, loc, byte, i32Constant(b, loc, 8 * t));
          word = word ? arith::OrIOp::create(b, loc, word, byte) : byte;
        }
        Value shift = arith::MulIOp::create(
            b, loc, innermostIndexI32(b, loc, rank, 4), i32Constant(b, loc, 6));
        Value code = BlockCodec(b, loc, scheme).unpackField(word, 6, shift);
        return codeAs(b, loc, code, codeType);
      });
}

/// A code of any element type as an i8 holding it in its low bits.
static Value codeByte(OpBuilder &b, Location loc, Value code) {
  Type type = code.getType();
  if (type.isInteger(8))
    return code;
  unsigned width = type.getIntOrFloatBitWidth();
  Value bits = arith::BitcastOp::create(b, loc, b.getIntegerType(width), code);
  if (width == 8)
    return bits;
  return arith::ExtUIOp::create(b, loc, b.getI8Type(), bits);
}

Value linalg_lowering::packCodes(OpBuilder &b, Location loc,
                                 QuantizedTensorType type, Value codes) {
  MLIRContext *context = b.getContext();
  int64_t rank = type.getRank();
  unsigned bits = type.getScheme().getElementBits();
  formats::Scheme scheme = type.getScheme().toFormats();
  bool bytes =
      cast<RankedTensorType>(codes.getType()).getElementType().isInteger(8);
  if (bits == 8 && bytes)
    return codes;
  RankedTensorType dataType = type.getDataType();
  Value init = emptyTensor(b, loc, dataType.getShape(), b.getI8Type(),
                           dynamicSizes(b, loc, codes, rank - 1));
  AffineExpr j = getAffineDimExpr(rank - 1, context);
  if (bits == 8)
    return buildGeneric(
        b, loc, codes, init,
        {identityMap(context, rank), identityMap(context, rank)},
        [](OpBuilder &b, Location loc, ValueRange args) {
          return codeByte(b, loc, args[0]);
        });
  if (bits == 4) {
    SmallVector<Value> inputs(2, codes);
    return buildGeneric(
        b, loc, inputs, init,
        {innermostMap(context, rank, j * 2),
         innermostMap(context, rank, j * 2 + 1), identityMap(context, rank)},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return BlockCodec(b, loc, scheme)
              .packFields(
                  {codeByte(b, loc, args[0]), codeByte(b, loc, args[1])}, 4,
                  b.getI8Type());
        });
  }
  // FP6: byte t of a group's three holds bits [8t, 8t + 8) of the word of
  // its four 6-bit codes.
  SmallVector<Value> inputs(4, codes);
  SmallVector<AffineMap> maps;
  for (int64_t t = 0; t < 4; ++t)
    maps.push_back(innermostMap(context, rank, j.floorDiv(3) * 4 + t));
  maps.push_back(identityMap(context, rank));
  return buildGeneric(
      b, loc, inputs, init, maps,
      [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
        SmallVector<Value> fields;
        for (Value code : args.take_front(4))
          fields.push_back(codeByte(b, loc, code));
        BlockCodec codec(b, loc, scheme);
        Value word = codec.packFields(fields, 6, b.getI32Type());
        Value shift = arith::MulIOp::create(
            b, loc, innermostIndexI32(b, loc, rank, 3), i32Constant(b, loc, 8));
        return codec.unpackField(word, 8, shift);
      });
}

/// The constant `value` holds, else null.
static Attribute constantOf(Value value) {
  Attribute attr;
  matchPattern(value, m_Constant(&attr));
  return attr;
}

/// Whether two generic bodies compute the same: their non-constant ops
/// match one to one (names, attributes, types), with operands that
/// correspond (arguments by position, results by their ops) or hold the
/// same constant, wherever it is defined (canonicalization hoists the
/// constants out of bodies).
static bool isSameBody(Block &lhs, Block &rhs) {
  if (lhs.getNumArguments() != rhs.getNumArguments())
    return false;
  DenseMap<Value, Value> corresponding;
  for (auto [a, b] : llvm::zip(lhs.getArguments(), rhs.getArguments())) {
    if (a.getType() != b.getType())
      return false;
    corresponding[a] = b;
  }
  auto computations = [](Block &block) {
    SmallVector<Operation *> ops;
    for (Operation &op : block)
      if (!matchPattern(&op, m_Constant()))
        ops.push_back(&op);
    return ops;
  };
  SmallVector<Operation *> lhsOps = computations(lhs);
  SmallVector<Operation *> rhsOps = computations(rhs);
  if (lhsOps.size() != rhsOps.size())
    return false;
  for (auto [a, b] : llvm::zip(lhsOps, rhsOps)) {
    if (a->getName() != b->getName() ||
        a->getAttrDictionary() != b->getAttrDictionary() ||
        a->getResultTypes() != b->getResultTypes() ||
        a->getNumOperands() != b->getNumOperands() || a->getNumRegions() ||
        b->getNumRegions())
      return false;
    for (auto [x, y] : llvm::zip(a->getOperands(), b->getOperands())) {
      if (Value mapped = corresponding.lookup(x)) {
        if (mapped != y)
          return false;
        continue;
      }
      Attribute constant = constantOf(x);
      if (!constant || constant != constantOf(y))
        return false;
    }
    for (auto [x, y] : llvm::zip(a->getResults(), b->getResults()))
      corresponding[x] = y;
  }
  return true;
}

/// Whether `generic` computes what `reference` (a generic built into a
/// scratch block from the same inputs) does, whatever its init; the
/// scratch is erased either way.
static bool isSameGeneric(linalg::GenericOp generic, Value reference,
                          Block &scratch) {
  auto referenceOp = reference.getDefiningOp<linalg::GenericOp>();
  bool same =
      referenceOp && generic.getNumDpsInits() == 1 &&
      referenceOp.getNumDpsInits() == 1 &&
      llvm::equal(generic.getDpsInputs(), referenceOp.getDpsInputs()) &&
      generic.getIndexingMaps() == referenceOp.getIndexingMaps() &&
      generic.getIteratorTypes() == referenceOp.getIteratorTypes() &&
      generic->getResultTypes() == referenceOp->getResultTypes() &&
      isSameBody(generic.getRegion().front(), referenceOp.getRegion().front());
  for (Operation &op : scratch)
    op.dropAllReferences();
  scratch.clear();
  return same;
}

Value linalg_lowering::unpackedSource(Value codes, QuantizedTensorType type) {
  auto generic = codes.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() < 1)
    return {};
  Value data = generic.getDpsInputs()[0];
  auto dataType = dyn_cast<RankedTensorType>(data.getType());
  if (!dataType || !dataType.getElementType().isInteger(8) ||
      dataType.getRank() != type.getRank())
    return {};
  Block scratch;
  OpBuilder builder(generic.getContext());
  builder.setInsertionPointToEnd(&scratch);
  Storage storage{type, data, Value(), Value()};
  Value reference =
      unpackCodes(builder, generic.getLoc(), storage,
                  cast<RankedTensorType>(codes.getType()).getElementType());
  return isSameGeneric(generic, reference, scratch) ? data : Value();
}

Value linalg_lowering::packedSource(Value data, QuantizedTensorType type) {
  auto generic = data.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() < 1 ||
      data.getType() != type.getDataType())
    return {};
  Value codes = generic.getDpsInputs()[0];
  auto codesType = dyn_cast<RankedTensorType>(codes.getType());
  // packCodes takes codes of at most a byte each.
  if (!codesType || codesType.getShape() != type.getShape() ||
      !codesType.getElementType().isIntOrFloat() ||
      codesType.getElementType().getIntOrFloatBitWidth() > 8)
    return {};
  Block scratch;
  OpBuilder builder(generic.getContext());
  builder.setInsertionPointToEnd(&scratch);
  Value reference = packCodes(builder, generic.getLoc(), type, codes);
  return isSameGeneric(generic, reference, scratch) ? codes : Value();
}

/// Numerics §5: the flat offset of S[r][c] in the swizzled layout with
/// `paddedCols` scale columns.
static AffineExpr swizzledOffset(AffineExpr r, AffineExpr c,
                                 int64_t paddedCols) {
  return ((r.floorDiv(128) * (paddedCols / 4) + c.floorDiv(4)) * 512) +
         (r % 32) * 16 + (r % 128).floorDiv(32) * 4 + c % 4;
}

Value linalg_lowering::rowMajorScales(OpBuilder &b, Location loc,
                                      const Storage &storage) {
  QuantizedTensorType type = storage.type;
  if (type.getLayout() == ScaleLayout::row_major)
    return storage.scales;
  // Swizzled scales are rank 2 (the type's verifier): a gather through the
  // layout's offset, read as [row, column] of the padded scale matrix.
  MLIRContext *context = b.getContext();
  int64_t blocks = type.getBlocksPerRow();
  int64_t paddedCols =
      cast<RankedTensorType>(storage.scales.getType()).getShape().back();
  AffineExpr r = getAffineDimExpr(0, context), c = getAffineDimExpr(1, context);
  AffineExpr offset = swizzledOffset(r, c, paddedCols);
  AffineMap gather = AffineMap::get(
      2, 0, {offset.floorDiv(paddedCols), offset % paddedCols}, context);
  Type scaleType = type.getScheme().getScaleType();
  Value init = emptyTensor(b, loc, {type.getShape()[0], blocks}, scaleType,
                           dynamicSizes(b, loc, storage.data, 1));
  return buildGeneric(
      b, loc, storage.scales, init, {gather, identityMap(context, 2)},
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

Value linalg_lowering::storedScales(OpBuilder &b, Location loc,
                                    QuantizedTensorType type, Value rowMajor) {
  if (type.getLayout() == ScaleLayout::row_major)
    return rowMajor;
  // Every byte of the padded matrix: the scale whose swizzled offset it is,
  // or zero in the padding.
  MLIRContext *context = b.getContext();
  RankedTensorType storedType = type.getScalesType();
  int64_t paddedCols = storedType.getShape().back();
  int64_t blocks = type.getBlocksPerRow();
  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value rows = tensor::DimOp::create(b, loc, rowMajor, 0);
  SmallVector<Value> dynamic;
  if (storedType.isDynamicDim(0)) {
    Value tiles = arith::CeilDivUIOp::create(b, loc, rows, index(128));
    dynamic.push_back(arith::MulIOp::create(b, loc, tiles, index(128)));
  }
  Type scaleType = storedType.getElementType();
  Value init = emptyTensor(b, loc, storedType.getShape(), scaleType, dynamic);
  return buildGeneric(
      b, loc, ValueRange{}, init, {identityMap(context, 2)},
      [&](OpBuilder &b, Location loc, ValueRange) -> Value {
        auto c = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(b, loc, v);
        };
        auto div = [&](Value x, int64_t d) -> Value {
          return arith::DivUIOp::create(b, loc, x, c(d));
        };
        auto rem = [&](Value x, int64_t d) -> Value {
          return arith::RemUIOp::create(b, loc, x, c(d));
        };
        auto mul = [&](Value x, int64_t d) -> Value {
          return arith::MulIOp::create(b, loc, x, c(d));
        };
        auto add = [&](Value x, Value y) -> Value {
          return arith::AddIOp::create(b, loc, x, y);
        };
        Value i = linalg::IndexOp::create(b, loc, 0);
        Value j = linalg::IndexOp::create(b, loc, 1);
        Value offset = add(mul(i, paddedCols), j);
        Value tile = div(offset, 512), within = rem(offset, 512);
        Value r = add(add(mul(div(tile, paddedCols / 4), 128),
                          mul(div(rem(within, 16), 4), 32)),
                      div(within, 16));
        Value col = add(mul(rem(tile, paddedCols / 4), 4), rem(within, 4));
        Value inside = arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, r, rows),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, col,
                                  c(blocks)));
        Value safeRow = arith::SelectOp::create(b, loc, inside, r, c(0));
        Value safeCol = arith::SelectOp::create(b, loc, inside, col, c(0));
        Value scale = tensor::ExtractOp::create(b, loc, rowMajor,
                                                ValueRange{safeRow, safeCol});
        Value zero = arith::BitcastOp::create(
            b, loc, scaleType,
            arith::ConstantIntOp::create(b, loc, b.getI8Type(), 0));
        return arith::SelectOp::create(b, loc, inside, scale, zero);
      });
}
