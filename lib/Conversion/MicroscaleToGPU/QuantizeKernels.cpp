//===- QuantizeKernels.cpp - quantize and requantize on the GPU -----------===//
//
// One thread per block: the block's amax as an unsigned max over |x| bit
// patterns (NaN and Inf above every finite value), the shared block rule
// (Codecs/BlockCodecs.h) for its scale, then the elements encoded one
// packing unit at a time. NVFP4 without a given global first
// reduces the tensor's amax into one device word with atomic max.
// Requantize reads its values by dequantizing the source element by element,
// so source and result block sizes may differ freely. On chips with the FP4
// converts (target description), the rceil scale and E2M1 elements (rule
// rceil, or NVFP4) use `cvt.rp.satfinite.ue8m0x2.f32` and
// `cvt.rn.satfinite.e2m1x2.f32` (HardwareConverts.h), the same codes as the
// software conversions; the floor rule stays in software (no convert
// rounds down to a power of two and subtracts emax_elem).
//
//===----------------------------------------------------------------------===//

#include "DeviceSession.h"
#include "DeviceStorage.h"
#include "HardwareConverts.h"
#include "Kernels.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Conversion/Codecs/OperandStorage.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

namespace {

/// The f32 value to quantize at (row, col), inside a kernel.
using ElementSource =
    function_ref<Value(OpBuilder &, Location, Value row, Value col)>;

/// The |x| bit-pattern max of block (row, block) of `source`.
Value blockAmaxBits(OpBuilder &b, Location loc, ElementSource source, Value row,
                    Value block, int64_t blockSize) {
  Value first =
      arith::MulIOp::create(b, loc, block, indexConstant(b, loc, blockSize));
  Value zero = CodecBuilder(b, loc).i32(b.getI32Type(), 0);
  auto loop = scf::ForOp::create(
      b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, blockSize),
      indexConstant(b, loc, 1), ValueRange{zero},
      [&](OpBuilder &b, Location loc, Value i, ValueRange acc) {
        Value col = arith::AddIOp::create(b, loc, first, i);
        Value bits = CodecBuilder(b, loc).absBits(source(b, loc, row, col));
        scf::YieldOp::create(
            b, loc, ValueRange{arith::MaxUIOp::create(b, loc, acc[0], bits)});
      });
  return loop.getResult(0);
}

/// Splits a per-block item index into (row, block).
std::pair<Value, Value> rowAndBlock(OpBuilder &b, Location loc, Value item,
                                    int64_t blocksPerRow) {
  Value count = indexConstant(b, loc, blocksPerRow);
  return {arith::DivUIOp::create(b, loc, item, count),
          arith::RemUIOp::create(b, loc, item, count)};
}

/// Quantizes block (row, block) of `source` into `out`. `globals` holds
/// NVFP4's encode scale and invalid flag (inside the kernel).
void quantizeBlock(OpBuilder &b, Location loc, const DeviceQuantized &out,
                   ElementSource source, Value row, Value block,
                   ScaleRounding rule,
                   const CodecBuilder::GlobalScales &globals,
                   bool hardwareConverts) {
  formats::Scheme scheme = out.getScheme().toFormats();
  int64_t blockSize = out.getBlockSize();
  BlockCodec codec(b, loc, scheme);
  Value amaxBits = blockAmaxBits(b, loc, source, row, block, blockSize);
  bool rceil = rule == ScaleRounding::rceil;
  Value hardwareScaleCode;
  if (hardwareConverts && rceil && scheme.scale == formats::Format::E8M0)
    hardwareScaleCode =
        hardwareRceilScaleCode(b, loc, scheme.element, amaxBits);
  BlockQuantization quantization =
      codec.quantize(amaxBits, rceil, globals, hardwareScaleCode);
  int64_t unit = out.getScheme().getPackingUnit();
  bool pairConvert = hardwareConverts &&
                     scheme.element == formats::Format::E2M1 &&
                     (rceil || scheme.scale == formats::Format::UE4M3);
  Value first =
      arith::MulIOp::create(b, loc, block, indexConstant(b, loc, blockSize));
  scf::ForOp::create(
      b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, blockSize),
      indexConstant(b, loc, unit), ValueRange(),
      [&](OpBuilder &b, Location loc, Value i, ValueRange) {
        BlockCodec codec(b, loc, scheme);
        Value col = arith::AddIOp::create(b, loc, first, i);
        SmallVector<Value> values, codes;
        for (int64_t j = 0; j < unit; ++j)
          values.push_back(source(
              b, loc, row,
              arith::AddIOp::create(b, loc, col, indexConstant(b, loc, j))));
        if (pairConvert) {
          Value scaledEven =
              arith::MulFOp::create(b, loc, values[0], quantization.multiplier);
          Value scaledOdd =
              arith::MulFOp::create(b, loc, values[1], quantization.multiplier);
          auto [even, odd] = hardwareE2M1Pair(b, loc, scaledEven, scaledOdd);
          codes = {codec.zeroCodesWhere(quantization.zeroCodes, even),
                   codec.zeroCodesWhere(quantization.zeroCodes, odd)};
        } else {
          for (Value value : values)
            codes.push_back(codec.encode(value, quantization));
        }
        out.storeUnit(b, loc, codes, row, col);
        scf::YieldOp::create(b, loc);
      });
  out.storeScaleCode(b, loc, quantization.scaleCode, row, block);
}

/// Quantizes `rows` rows of `source` on the device into a new block-scaled
/// tensor of `type`; finishes the session and returns the result tensor.
Value quantizeOnDevice(OpBuilder &b, Location loc, DeviceSession &session,
                       QuantizedTensorType type, Value rows,
                       ValueRange dynamicSizes, ElementSource source,
                       ScaleRounding rule, Value givenGlobal,
                       bool hardwareConverts) {
  SchemeAttr scheme = type.getScheme();
  int64_t blocksPerRow = type.getBlocksPerRow();
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  auto mul = [&](Value x, Value y) -> Value {
    return arith::MulIOp::create(b, loc, x, y);
  };
  DeviceQuantized out;
  out.type = type;
  out.data = session.alloc(
      b.getI8Type(),
      mul(rows, c(scheme.getStorageBytes(type.getBlockedDimSize()))));
  // Swizzled scales pad rows to 128 and scale columns to 4 (Numerics §5).
  SmallVector<Value> scaleSizes(dynamicSizes);
  Value scaleCount = mul(rows, c(blocksPerRow));
  bool swizzled = type.getLayout() == ScaleLayout::swizzled;
  if (swizzled) {
    Value paddedRows =
        mul(arith::CeilDivUIOp::create(b, loc, rows, c(128)), c(128));
    if (!scaleSizes.empty())
      scaleSizes[0] = paddedRows;
    scaleCount = mul(paddedRows, c(llvm::alignTo(blocksPerRow, 4)));
  }
  out.scales = session.alloc(scheme.getScaleType(), scaleCount);
  if (swizzled) {
    // Padding bytes are zero.
    session.launchPerItem(scaleCount, [&](OpBuilder &b, Location loc, Value i) {
      Value zero = arith::BitcastOp::create(
          b, loc, scheme.getScaleType(),
          arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0)));
      memref::StoreOp::create(b, loc, zero, out.scales, i);
    });
  }

  Value blockCount = mul(rows, c(blocksPerRow));
  Value amaxDevice, amaxHost;
  if (scheme.getHasGlobal() && !givenGlobal) {
    // The tensor's amax: a zeroed device word, then an atomic max per block.
    amaxDevice = session.alloc(b.getI32Type(), c(1));
    session.launchPerItem(c(1), [&](OpBuilder &b, Location loc, Value i) {
      memref::StoreOp::create(
          b, loc, CodecBuilder(b, loc).i32(b.getI32Type(), 0), amaxDevice, i);
    });
    session.launchPerItem(
        blockCount, [&](OpBuilder &b, Location loc, Value item) {
          auto [row, block] = rowAndBlock(b, loc, item, blocksPerRow);
          Value bits =
              blockAmaxBits(b, loc, source, row, block, scheme.getBlockSize());
          memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::maxu, bits,
                                      amaxDevice,
                                      ValueRange{indexConstant(b, loc, 0)});
        });
  }
  session.launchPerItem(
      blockCount, [&](OpBuilder &b, Location loc, Value item) {
        auto [row, block] = rowAndBlock(b, loc, item, blocksPerRow);
        CodecBuilder codec(b, loc);
        CodecBuilder::GlobalScales globals;
        if (givenGlobal)
          globals = codec.nvfp4GivenGlobal(givenGlobal);
        else if (amaxDevice)
          globals = codec.nvfp4ComputedGlobal(memref::LoadOp::create(
              b, loc, amaxDevice, ValueRange{indexConstant(b, loc, 0)}));
        quantizeBlock(b, loc, out, source, row, block, rule, globals,
                      hardwareConverts);
      });

  Value data = session.copyOut(
      out.data, MemRefType::get(type.getDataType().getShape(), b.getI8Type()),
      dynamicSizes);
  Value scales = session.copyOut(
      out.scales,
      MemRefType::get(type.getScalesType().getShape(), scheme.getScaleType()),
      scaleSizes);
  if (amaxDevice)
    amaxHost = session.copyOut(amaxDevice, MemRefType::get({1}, b.getI32Type()),
                               ValueRange());
  session.finish();

  Value global = givenGlobal;
  if (amaxHost)
    global = CodecBuilder(b, loc)
                 .nvfp4ComputedGlobal(
                     memref::LoadOp::create(b, loc, amaxHost, ValueRange{c(0)}))
                 .decode;
  auto toTensor = [&](Value memref, RankedTensorType like) -> Value {
    auto memrefType = cast<MemRefType>(memref.getType());
    return bufferization::ToTensorOp::create(
        b, loc, like.clone(memrefType.getShape()), memref,
        /*restrict=*/true, /*writable=*/true);
  };
  return PackOp::create(b, loc, type, toTensor(data, type.getDataType()),
                        toTensor(scales, type.getScalesType()), global);
}

/// NVFP4's computed global is a host scalar made from the device's amax:
/// device-resident code cannot have it without a copy and a wait.
LogicalResult checkGlobalAvailable(Operation *op, QuantizedTensorType type,
                                   bool givenGlobal, bool hostData) {
  if (hostData || givenGlobal || !type.getScheme().getHasGlobal())
    return success();
  return op->emitOpError(
      "with host-data=false needs the global scale as an operand: computing "
      "it from the tensor's amax would copy the amax to the host and wait");
}

struct QuantizeToGPU : OpRewritePattern<QuantizeOp> {
  QuantizeToGPU(MLIRContext *context, bool hardwareConverts, bool hostData)
      : OpRewritePattern(context), hardwareConverts(hardwareConverts),
        hostData(hostData) {}

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (failed(checkGlobalAvailable(op, op.getResult().getType(),
                                    static_cast<bool>(op.getGlobal()),
                                    hostData)))
      return failure();
    Value host = hostBuffer(rewriter, loc, op.getInput());
    Value rows = outerSize(rewriter, loc, host);
    SmallVector<Value> sizes = dynamicSizesOf(rewriter, loc, host, true);
    DeviceSession session(rewriter, loc, hostData);
    DeviceFloats input{
        session.copyIn(op.getInput()),
        indexConstant(rewriter, loc,
                      op.getInput().getType().getShape().back())};
    Value result = quantizeOnDevice(
        rewriter, loc, session, op.getResult().getType(), rows, sizes,
        [&](OpBuilder &b, Location loc, Value row, Value col) {
          return input.load(b, loc, row, col);
        },
        op.getScaleRule(), op.getGlobal(), hardwareConverts);
    rewriter.replaceOp(op, result);
    return success();
  }

  bool hardwareConverts, hostData;
};

struct RequantizeToGPU : OpRewritePattern<RequantizeOp> {
  RequantizeToGPU(MLIRContext *context, bool hardwareConverts, bool hostData)
      : OpRewritePattern(context), hardwareConverts(hardwareConverts),
        hostData(hostData) {}

  LogicalResult matchAndRewrite(RequantizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (failed(checkGlobalAvailable(op, op.getResult().getType(),
                                    /*givenGlobal=*/false, hostData)))
      return failure();
    DeviceSession session(rewriter, loc, hostData);
    Value rows;
    SmallVector<Value> sizes;
    DeviceQuantized input =
        copyInQuantized(rewriter, loc, session, op.getInput(), &rows, &sizes);
    Value result = quantizeOnDevice(
        rewriter, loc, session, op.getResult().getType(), rows, sizes,
        [&](OpBuilder &b, Location loc, Value row, Value col) {
          return input.dequantize(b, loc, row, col);
        },
        op.getScaleRule(), Value(), hardwareConverts);
    rewriter.replaceOp(op, result);
    return success();
  }

  bool hardwareConverts, hostData;
};

} // namespace

void nvvm::populateQuantizeKernelPatterns(RewritePatternSet &patterns,
                                          const GPUTarget &target,
                                          const GPULoweringOptions &options) {
  patterns.add<QuantizeToGPU, RequantizeToGPU>(
      patterns.getContext(), target.hasFP4Converts(), options.hostData);
}
