//===- BlockScaleStaging.cpp - operands of block-scaled MMAs --------------===//

#include "BlockScaleStaging.h"
#include "DeviceSession.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

namespace {

/// The PTX element type of a format under the block-scaled kinds.
std::optional<NVVM::MMATypes> mmaType(formats::Format format) {
  switch (format) {
  case formats::Format::E2M1:
    return NVVM::MMATypes::e2m1;
  case formats::Format::E2M3:
    return NVVM::MMATypes::e2m3;
  case formats::Format::E3M2:
    return NVVM::MMATypes::e3m2;
  case formats::Format::E4M3:
    return NVVM::MMATypes::e4m3;
  case formats::Format::E5M2:
    return NVVM::MMATypes::e5m2;
  default:
    return std::nullopt;
  }
}

} // namespace

std::optional<BlockScaleMma>
nvvm::selectBlockScaleMma(const MatmulProblem &problem) {
  if (!problem.a.quantized || !problem.b.quantized)
    return std::nullopt;
  formats::Scheme sa = problem.a.quantized->getScheme().toFormats();
  formats::Scheme sb = problem.b.quantized->getScheme().toFormats();
  std::optional<NVVM::MMATypes> ta = mmaType(sa.element),
                                tb = mmaType(sb.element);
  if (!ta || !tb || sa.scale != sb.scale)
    return std::nullopt;
  // Every chunk of an MMA must lie inside one block of each operand.
  auto fits = [&](const BlockScaleMma &mma) {
    return problem.k % mma.k == 0 && sa.blockSize % mma.chunkWidth() == 0 &&
           sb.blockSize % mma.chunkWidth() == 0;
  };
  bool fp4 = sa.element == formats::Format::E2M1 &&
             sb.element == formats::Format::E2M1;
  if (fp4 && sa.scale == formats::Format::UE4M3) {
    BlockScaleMma mma{NVVM::MMABlockScaleKind::MXF4NVF4, *ta, *tb,
                      NVVM::BlockScaleFormat::UE4M3,     64,  4};
    if (fits(mma))
      return mma;
    return std::nullopt;
  }
  if (sa.scale != formats::Format::E8M0)
    return std::nullopt;
  if (fp4) {
    BlockScaleMma mma{NVVM::MMABlockScaleKind::MXF4NVF4, *ta, *tb,
                      NVVM::BlockScaleFormat::UE8M0,     64,  2};
    if (fits(mma))
      return mma;
  }
  BlockScaleMma mma{NVVM::MMABlockScaleKind::MXF8F6F4, *ta, *tb,
                    NVVM::BlockScaleFormat::UE8M0,     32,  1};
  if (fits(mma))
    return mma;
  return std::nullopt;
}

Value nvvm::loadElementWord(OpBuilder &b, Location loc,
                            const DeviceQuantized &q, const BlockScaleMma &mma,
                            Value row, Value col) {
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  Type i32 = b.getI32Type();
  CodecBuilder codec(b, loc);
  int64_t slotBits = mma.slotBits();
  int64_t slots = 32 / slotBits;
  int64_t bits = q.getScheme().getElementBits();
  Value word;
  auto add = [&](Value field, int64_t shift) {
    field = arith::ShLIOp::create(b, loc, field,
                                  codec.i32(i32, static_cast<int>(shift)));
    word = word ? arith::OrIOp::create(b, loc, word, field) : field;
  };
  if (bits == slotBits) {
    // The storage already is the container: four bytes of the row.
    Value rowStart = arith::MulIOp::create(
        b, loc, row, c(q.getScheme().getStorageBytes(q.getCols())));
    Value first = arith::AddIOp::create(
        b, loc, rowStart,
        arith::DivUIOp::create(
            b, loc, arith::MulIOp::create(b, loc, col, c(bits)), c(8)));
    for (int64_t i = 0; i < 4; ++i) {
      Value byte = memref::LoadOp::create(
          b, loc, q.data,
          ValueRange{arith::AddIOp::create(b, loc, first, c(i))});
      add(arith::ExtUIOp::create(b, loc, i32, byte), 8 * i);
    }
    return word;
  }
  // One element per byte (kind::mxf8f6f4): FP6 codes in bits [5:0], FP4
  // codes in bits [5:2].
  int64_t padding = bits == 4 ? 2 : 0;
  for (int64_t s = 0; s < slots; ++s) {
    Value code =
        q.loadCode(b, loc, row, arith::AddIOp::create(b, loc, col, c(s)));
    add(arith::ExtUIOp::create(b, loc, i32, code), slotBits * s + padding);
  }
  return word;
}

Value nvvm::loadScaleWord(OpBuilder &b, Location loc, const DeviceQuantized &q,
                          const BlockScaleMma &mma, Value row, Value col) {
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  CodecBuilder codec(b, loc);
  Value word;
  for (int64_t chunk = 0; chunk < mma.chunks; ++chunk) {
    Value first =
        arith::AddIOp::create(b, loc, col, c(chunk * mma.chunkWidth()));
    Value block = arith::DivUIOp::create(b, loc, first, c(q.getBlockSize()));
    Value code = q.loadScaleCode(b, loc, row, block);
    if (chunk)
      code = arith::ShLIOp::create(
          b, loc, code, codec.i32(b.getI32Type(), static_cast<int>(8 * chunk)));
    word = word ? arith::OrIOp::create(b, loc, word, code) : code;
  }
  return word;
}
