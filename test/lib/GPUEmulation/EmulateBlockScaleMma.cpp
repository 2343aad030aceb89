//===- EmulateBlockScaleMma.cpp - sm_120a block-scaled mma on the host ----===//

#include "EmulateBlockScaleMma.h"
#include "IndexArith.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::microscale;
namespace formats = ::microscale::formats;

namespace {

formats::Format formatOf(NVVM::MMATypes type) {
  switch (type) {
  case NVVM::MMATypes::e2m3:
    return formats::Format::E2M3;
  case NVVM::MMATypes::e3m2:
    return formats::Format::E3M2;
  case NVVM::MMATypes::e4m3:
    return formats::Format::E4M3;
  case NVVM::MMATypes::e5m2:
    return formats::Format::E5M2;
  default:
    return formats::Format::E2M1;
  }
}

} // namespace

Value nvvm::registerField(OpBuilder &b, Location loc, ArrayRef<Value> regs,
                          Value reg, Value thread, Value shift, int64_t bits) {
  Value word = memref::LoadOp::create(b, loc, regs[0], ValueRange{thread});
  for (size_t r = 1; r < regs.size(); ++r) {
    Value other = memref::LoadOp::create(b, loc, regs[r], ValueRange{thread});
    Value isR = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq, reg,
        arith::ConstantIndexOp::create(b, loc, static_cast<int64_t>(r)));
    word = arith::SelectOp::create(b, loc, isR, other, word);
  }
  CodecBuilder codec(b, loc);
  Type i32 = b.getI32Type();
  Value shifted = arith::ShRUIOp::create(
      b, loc, word, arith::IndexCastOp::create(b, loc, i32, shift));
  Value masked =
      arith::AndIOp::create(b, loc, shifted, codec.i32(i32, (1 << bits) - 1));
  return arith::TruncIOp::create(b, loc, b.getI8Type(), masked);
}

LogicalResult nvvm::emulateBlockScaleMma(OpBuilder &b, Location loc,
                                         NVVM::MmaBlockScaleOp op,
                                         Value threads,
                                         function_ref<Value(Value)> buffer,
                                         ArrayRef<Value> results) {
  auto lookup = [&](ValueRange values, SmallVector<Value> &out) {
    for (Value v : values) {
      Value held = buffer(v);
      if (!held)
        return false;
      out.push_back(held);
    }
    return true;
  };
  SmallVector<Value> aRegs, bRegs, cRegs, scaleRegs;
  if (!lookup(op.getOperandA(), aRegs) || !lookup(op.getOperandB(), bRegs) ||
      !lookup(op.getOperandC(), cRegs) ||
      !lookup({op.getScaleAData(), op.getScaleBData()}, scaleRegs))
    return op.emitOpError("has an operand not computed in an earlier phase; "
                          "it cannot run as host loops");
  APInt byteA, threadA, byteB, threadB;
  if (!matchPattern(op.getByteIdA(), m_ConstantInt(&byteA)) ||
      !matchPattern(op.getThreadIdA(), m_ConstantInt(&threadA)) ||
      !matchPattern(op.getByteIdB(), m_ConstantInt(&byteB)) ||
      !matchPattern(op.getThreadIdB(), m_ConstantInt(&threadB)))
    return op.emitOpError("has scale selectors that are not constants; it "
                          "cannot run as host loops");
  bool fp4Kind = op.getKind() != NVVM::MMABlockScaleKind::MXF8F6F4;
  int64_t k = op.getShape().getK();
  int64_t slotBits = fp4Kind ? 4 : 8;
  int64_t slots = 32 / slotBits;
  int64_t halfK = k / 2;
  int64_t vec = op.getScaleVecSize() == NVVM::ScaleVecSize::X1   ? 1
                : op.getScaleVecSize() == NVVM::ScaleVecSize::X2 ? 2
                                                                 : 4;
  int64_t chunk = k / vec;
  formats::Format aFormat =
      formatOf(op.getMultiplicandAPtxType().value_or(NVVM::MMATypes::e2m1));
  formats::Format bFormat =
      formatOf(op.getMultiplicandBPtxType().value_or(NVVM::MMATypes::e2m1));
  bool ue8m0 = op.getBlockScaleFormat() == NVVM::BlockScaleFormat::UE8M0;

  IndexArith ix{b, loc};
  auto field = [&](ArrayRef<Value> regs, Value reg, Value thread, Value shift,
                   int64_t bits) {
    return registerField(b, loc, regs, reg, thread, shift, bits);
  };
  // An element's value from its slot: packed E2M1 nibbles (FP4 kinds) or
  // one byte per element, FP4 in bits [5:2] and FP6 in bits [5:0].
  auto element = [&](ArrayRef<Value> regs, Value reg, Value thread, Value slot,
                     formats::Format format) -> Value {
    Value shift = ix.mul(slot, slotBits);
    int64_t bits = slotBits;
    if (!fp4Kind && format == formats::Format::E2M1) {
      shift = ix.add(shift, ix.c(2));
      bits = 4;
    } else if (!fp4Kind && (format == formats::Format::E2M3 ||
                            format == formats::Format::E3M2)) {
      bits = 6;
    }
    return CodecBuilder(b, loc).decode(format,
                                       field(regs, reg, thread, shift, bits));
  };
  auto scale = [&](Value reg, Value thread, Value byte) -> Value {
    Value code = field(reg, ix.c(0), thread, ix.mul(byte, 8), 8);
    CodecBuilder codec(b, loc);
    if (ue8m0)
      return codec.e8m0Scale(
          arith::ExtUIOp::create(b, loc, b.getI32Type(), code));
    return codec.decode(formats::Format::E4M3, code);
  };

  Value one = ix.c(1);
  scf::ForOp::create(
      b, loc, ix.c(0), ix.div(threads, 32), one, ValueRange(),
      [&](OpBuilder &nb, Location, Value warp, ValueRange) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        scf::ForOp::create(
            b, loc, ix.c(0), ix.c(32), one, ValueRange(),
            [&](OpBuilder &nb, Location, Value lane, ValueRange) {
              OpBuilder::InsertionGuard guard(b);
              b.setInsertionPoint(nb.getInsertionBlock(),
                                  nb.getInsertionPoint());
              Value first = ix.mul(warp, 32);
              Value thread = ix.add(first, lane);
              for (int64_t i = 0; i < 4; ++i) {
                Value row = ix.add(ix.div(lane, 4), ix.c(8 * (i / 2)));
                Value col = ix.add(ix.mul(ix.rem(lane, 4), 2), ix.c(i % 2));
                Value init = memref::LoadOp::create(b, loc, cRegs[i],
                                                    ValueRange{thread});
                auto sum = scf::ForOp::create(
                    b, loc, ix.c(0), ix.c(k), one, ValueRange{init},
                    [&](OpBuilder &nb, Location, Value kk, ValueRange acc) {
                      OpBuilder::InsertionGuard guard(b);
                      b.setInsertionPoint(nb.getInsertionBlock(),
                                          nb.getInsertionPoint());
                      Value inHalf = ix.div(ix.rem(kk, halfK), slots);
                      Value slot = ix.rem(kk, slots);
                      Value aLane = ix.add(ix.mul(ix.rem(row, 8), 4), inHalf);
                      Value aReg =
                          ix.add(ix.mul(ix.div(kk, halfK), 2), ix.div(row, 8));
                      Value bLane = ix.add(ix.mul(col, 4), inHalf);
                      Value x = element(aRegs, aReg, ix.add(first, aLane), slot,
                                        aFormat);
                      Value y = element(bRegs, ix.div(kk, halfK),
                                        ix.add(first, bLane), slot, bFormat);
                      Value part = ix.div(kk, chunk);
                      Value saLane =
                          ix.add(ix.add(ix.mul(ix.rem(row, 8), 4),
                                        ix.c(2 * threadA.getZExtValue())),
                                 ix.div(row, 8));
                      Value sbLane =
                          ix.add(ix.mul(col, 4), ix.c(threadB.getZExtValue()));
                      Value sa =
                          scale(scaleRegs[0], ix.add(first, saLane),
                                ix.add(part, ix.c(byteA.getZExtValue())));
                      Value sb =
                          scale(scaleRegs[1], ix.add(first, sbLane),
                                ix.add(part, ix.c(byteB.getZExtValue())));
                      Value product = arith::MulFOp::create(
                          b, loc, arith::MulFOp::create(b, loc, x, y),
                          arith::MulFOp::create(b, loc, sa, sb));
                      scf::YieldOp::create(b, loc,
                                           ValueRange{arith::AddFOp::create(
                                               b, loc, acc[0], product)});
                    });
                memref::StoreOp::create(b, loc, sum.getResult(0), results[i],
                                        ValueRange{thread});
              }
              scf::YieldOp::create(b, loc);
            });
        scf::YieldOp::create(b, loc);
      });
  return success();
}
