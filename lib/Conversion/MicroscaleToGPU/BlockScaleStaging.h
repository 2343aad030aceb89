//===- BlockScaleStaging.h - operands of block-scaled MMAs ------*- C++ -*-===//
//
// What the native block-scaled tensor cores (sm_120a `mma.block_scale`,
// sm_100a `tcgen05.mma.block_scale`) read, built from an operand's storage:
// which instruction kind, element types and scale vector a problem takes,
// 32-bit words of element codes in the container the instruction expects,
// and words of scale bytes, one per K-chunk of an MMA. Both kernels stage
// these words in shared memory (stageRows, Matmul.h).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_BLOCKSCALESTAGING_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_BLOCKSCALESTAGING_H

#include "Matmul.h"

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

#include <optional>

namespace mlir::microscale::nvvm {

/// The block-scaled MMA family a problem maps to: the kind, the A and B
/// element types, the scale format, and how many scale factors (chunks) one
/// MMA of `k` elements along K reads per row.
struct BlockScaleMma {
  NVVM::MMABlockScaleKind kind;
  NVVM::MMATypes aType, bType;
  NVVM::BlockScaleFormat scaleFormat;
  /// Elements of K per MMA: 64 for the packed FP4 kind, 32 for mxf8f6f4.
  int64_t k;
  /// Scale factors per row per MMA (the scale vector size): 4 (block16),
  /// 2 (FP4 block32) or 1 (mxf8f6f4).
  int64_t chunks;

  /// Elements each scale factor covers.
  int64_t chunkWidth() const { return k / chunks; }
  /// Bits of one element slot in a register or shared-memory row: 4 (FP4
  /// kind, packed two to a byte) or 8 (mxf8f6f4: one element per byte).
  int64_t slotBits() const {
    return kind == NVVM::MMABlockScaleKind::MXF8F6F4 ? 8 : 4;
  }
};

/// The block-scaled MMA that computes `problem` exactly as Numerics §4 states
/// it (both operands block-scaled with scales of one format, every block a
/// multiple of the scale chunk, K a multiple of `k`), or nullopt:
///  - E2M1 x E2M1 with UE4M3 scales: kind::mxf4nvf4, 4 chunks of 16
///    (NVFP4, block16);
///  - E2M1 x E2M1 with E8M0 scales, K a multiple of 64: kind::mxf4nvf4,
///    2 chunks of 32 (MXFP4, block32);
///  - E2M1, E2M3, E3M2, E4M3, E5M2 in any pairing with E8M0 scales:
///    kind::mxf8f6f4, 1 chunk of 32 (MXFP8, MXFP6, and MXFP4 when K is
///    not a multiple of 64).
/// One MMA reads 32 bytes of every row of A and B in either kind, at warp
/// level (sm_120a) as with tcgen05 (sm_100a), so `k` serves both.
std::optional<BlockScaleMma> selectBlockScaleMma(const MatmulProblem &problem);

/// The 32-bit word of `slotBits`-wide slots holding elements (row, col ..
/// col + 32 / slotBits - 1), the first in the lowest slot: packed E2M1
/// codes (Numerics §5 order, which is the instructions' order) or one byte per
/// element. Under kind::mxf8f6f4 an FP6 code sits in bits [5:0] of its
/// byte and an FP4 code in bits [5:2] (the PTX ISA's packing formats for
/// that kind).
Value loadElementWord(OpBuilder &b, Location loc, const DeviceQuantized &q,
                      const BlockScaleMma &mma, Value row, Value col);

/// The word whose byte c is the scale code of (row, K-chunk c) of the MMA
/// starting at column `col`, for the `mma.chunks` chunks.
Value loadScaleWord(OpBuilder &b, Location loc, const DeviceQuantized &q,
                    const BlockScaleMma &mma, Value row, Value col);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_BLOCKSCALESTAGING_H
