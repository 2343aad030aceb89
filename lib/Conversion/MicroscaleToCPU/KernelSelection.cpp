//===- KernelSelection.cpp - which CPU kernel lowers each op --------------===//

#include "microscale/Conversion/MicroscaleToCPU/KernelSelection.h"

#include "IntegerImages.h"
#include "Lowerings.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

BlockDecode cpu::selectBlockDecode(QuantizedTensorType type,
                                   const CPUTarget &target) {
  SchemeAttr scheme = type.getScheme();
  if (target.hasAVX512F && target.fp4TableLookup &&
      isa<Float4E2M1FNType>(scheme.getElementType()) &&
      scheme.getBlockSize() % 16 == 0)
    return BlockDecode::TableLookup;
  return BlockDecode::Arithmetic;
}

/// The integer-image shift of a block-scaled operand, when the int8 path
/// can take it (E2M1, E2M3 or INT8 elements; any block scales, which
/// multiply each block's exact int32 dot product).
static std::optional<int64_t> int8Shift(Type type) {
  auto quantized = dyn_cast<QuantizedTensorType>(type);
  if (!quantized)
    return std::nullopt;
  if (kImageChunk % quantized.getScheme().getBlockSize() != 0)
    return std::nullopt;
  return integerImageShift(quantized.getScheme().getElementType());
}

MatmulChoice cpu::selectMatmulKernel(MatmulOp op, const CPUTarget &target) {
  MatmulChoice choice;
  auto lhsPlain = dyn_cast<RankedTensorType>(op.getLhs().getType());
  auto rhsQuantized = dyn_cast<QuantizedTensorType>(op.getRhs().getType());
  int64_t staticRows = op.getResult().getType().getDimSize(0);
  bool dynamicRows = ShapedType::isDynamic(staticRows);
  // K is static: the verifier matched it with a block-scaled operand's.
  int64_t k = lhsPlain ? lhsPlain.getDimSize(1)
                       : cast<QuantizedTensorType>(op.getLhs().getType())
                             .getBlockedDimSize();

  // Both operands small integers times block scales: exact int8 dot
  // products, K in element order. Not for one or two rows: rearranging
  // each weight panel into VNNI order costs more than it saves when the
  // panel serves so few rows, and decoding the weights in registers is
  // exact as well.
  bool fewRows = !dynamicRows && staticRows <= kFusedFewRows;
  if (target.hasAVX512VNNI && target.hasAVX512BW && !fewRows &&
      int8Shift(op.getLhs().getType()) && int8Shift(op.getRhs().getType())) {
    choice.kernel = MatmulKernel::Int8Dot;
    return choice;
  }
  if (!rhsQuantized)
    return choice; // f32 weights: the general kernel reads them in place.

  int64_t block = rhsQuantized.getScheme().getBlockSize();
  int64_t lookupUnit = std::max<int64_t>(block, 32);
  Type activation = lhsPlain ? lhsPlain.getElementType() : Type();
  bool exactInBF16 = rhsQuantized.getScheme().hasE8M0Scales();

  // bf16 activations times weights exact in bf16 take bf16 dot products
  // where the processor runs them faster than f32 FMAs.
  bool bf16Dot = activation && activation.isBF16() && target.hasAVX512BF16 &&
                 target.preferBF16Dot && exactInBF16;

  // Many rows of activations on AVX-512: outer-product tiles over K-major
  // weight panels, in lookup order. Activations other than f32 are widened
  // to f32 once, unless they take bf16 dot products.
  if (target.hasAVX512F && lhsPlain &&
      (dynamicRows || staticRows >= kFloatPanelMinRows)) {
    int64_t depth = floatPanelGemmDepth(bf16Dot);
    if (k % lookupUnit == 0 && depth % lookupUnit == 0) {
      choice.kernel = MatmulKernel::FloatPanelGemm;
      choice.weightDecode = selectBlockDecode(rhsQuantized, target);
      choice.lookupOrder = true;
      choice.bf16Dot = bf16Dot;
      return choice;
    }
  }

  // One or two rows times E2M1 (table lookups) or E4M3 weights on AVX-512:
  // whole 64-byte loads of codes, each lane's block scale applied once per
  // 8 or 4 products. A quantized A is dequantized whole blocks at a time
  // within each step.
  Type weightElement = rhsQuantized.getScheme().getElementType();
  bool laneDecodable =
      selectBlockDecode(rhsQuantized, target) == BlockDecode::TableLookup ||
      (target.hasAVX512F && isa<Float8E4M3FNType>(weightElement));
  int64_t step = laneGemvStep(rhsQuantized.getScheme().getElementBits());
  if (!dynamicRows && staticRows <= kFusedFewRows && laneDecodable &&
      k % step == 0 && block >= step / 16 && (lhsPlain || step % block == 0)) {
    choice.kernel = MatmulKernel::LaneGemv;
    choice.weightDecode = selectBlockDecode(rhsQuantized, target);
    return choice;
  }

  // The general kernels. FP4 weights decoded by table lookups come in
  // lookup order: A follows it where K holds whole units.
  choice.weightDecode = selectBlockDecode(rhsQuantized, target);
  choice.lookupOrder =
      choice.weightDecode == BlockDecode::TableLookup && k % lookupUnit == 0;
  if (!choice.lookupOrder)
    choice.weightDecode = BlockDecode::Arithmetic;
  // Few rows of A: decode each block of B in registers and use it at once
  // (up to kFusedMaxRows rows for table-decoded weights and activations
  // that are not bf16/f16, which their own paths serve better).
  bool narrowActivations = lhsPlain && !activation.isF32();
  if (block % 16 == 0 && !dynamicRows &&
      (staticRows <= kFusedFewRows ||
       (choice.lookupOrder && !narrowActivations &&
        staticRows <= kFusedMaxRows))) {
    choice.kernel = MatmulKernel::FusedDecode;
    return choice;
  }
  // bf16 dot products take 32 values of K per instruction, in lookup
  // order.
  choice.kernel = MatmulKernel::PanelDecode;
  choice.bf16Dot = bf16Dot && choice.lookupOrder;
  return choice;
}

StringRef cpu::stringifyBlockDecode(BlockDecode decode) {
  switch (decode) {
  case BlockDecode::Arithmetic:
    return "arithmetic";
  case BlockDecode::TableLookup:
    return "table-lookup";
  }
  llvm_unreachable("unknown block decode");
}

StringRef cpu::stringifyMatmulKernel(MatmulKernel kernel) {
  switch (kernel) {
  case MatmulKernel::Int8Dot:
    return "int8-dot";
  case MatmulKernel::FloatPanelGemm:
    return "float-panel-gemm";
  case MatmulKernel::LaneGemv:
    return "lane-gemv";
  case MatmulKernel::FusedDecode:
    return "fused-decode";
  case MatmulKernel::PanelDecode:
    return "panel-decode";
  }
  llvm_unreachable("unknown matmul kernel");
}
