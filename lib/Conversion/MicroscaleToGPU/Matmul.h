//===- Matmul.h - the matmul kernels' shared view of their operands ------===//
//
// A matmul on the device: C[M, N] = A[M, K] * B[N, K]^T (+ acc), operands in
// flat device buffers, each block-scaled or plain floats. The host side
// (MatmulKernels.cpp) copies them in and picks a kernel by the strategy the
// target description gives the chip; each strategy's kernel lives in a file
// of its own.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_MATMUL_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_MATMUL_H

#include "DeviceStorage.h"

#include "microscale/Conversion/MicroscaleToGPU/MicroscaleToGPU.h"

#include <optional>

namespace mlir::microscale::nvvm {

class DeviceSession;

/// One matmul operand on the device.
struct MatmulOperand {
  std::optional<DeviceQuantized> quantized;
  DeviceFloats floats; // when not block-scaled
  Value rows;          // index: M for A, N for B

  /// Element (row, col) as an f32 value (dequantized), inside a kernel.
  Value load(OpBuilder &b, Location loc, Value row, Value col) const;
};

/// Everything a matmul kernel reads and writes.
struct MatmulProblem {
  MatmulOperand a, b;
  int64_t k;
  DeviceFloats acc; // memref null without an accumulator
  DeviceFloats c;   // the f32 result, M x N

  /// `value` times the global scales of both block-scaled operands (NVFP4),
  /// for kernels whose sums leave them out.
  Value applyGlobals(OpBuilder &b, Location loc, Value value) const;
  /// The epilogue of every kernel: C[row, col] = value (+ acc), stored only
  /// inside the M x N bounds.
  void storeResult(OpBuilder &b, Location loc, Value value, Value row,
                   Value col) const;
};

/// The grid of a kernel computing C in tiles of tileM x tileN: at least one
/// block, and the number of tiles along N (block b computes tile row
/// b / tilesN, tile column b % tilesN).
struct TileGrid {
  Value blocks, tilesN;
};
TileGrid getTileGrid(OpBuilder &b, Location loc, const MatmulProblem &problem,
                     int64_t tileM, int64_t tileN);

/// Where a thread of a warp-level MMA kernel works: its block's tile of C
/// starts at (rowStart, colStart); warp w takes the 16 rows from
/// warpRow = 16 w; its lane is 4 * group + t, the split the PTX ISA's
/// fragment layouts are written in.
struct WarpMmaThread {
  Value rowStart, colStart, warpRow, group, t;
};
WarpMmaThread getWarpMmaThread(OpBuilder &b, Location loc, Value block,
                               Value thread, Value tilesN, int64_t tileM,
                               int64_t tileN);

/// Computes `rows` x `perRow` entries cooperatively: thread `thread` of
/// `threads` takes entries thread, thread + threads, ...; entry (r, j) is
/// `value(row, j)` for row = start + r below `operand`'s row count, else
/// `zero`, handed to `store(r, j, entry)`.
void stageRows(
    OpBuilder &b, Location loc, const MatmulOperand &operand, int64_t rows,
    int64_t perRow, Value start, Value thread, int64_t threads,
    function_ref<Value(OpBuilder &, Location, Value row, Value j)> value,
    Attribute zero,
    function_ref<void(OpBuilder &, Location, Value r, Value j, Value entry)>
        store);
/// stageRows storing entry (r, j) at [r, j] of the shared `tile`.
void stageTile(
    OpBuilder &b, Location loc, const MatmulOperand &operand, Value tile,
    int64_t rows, int64_t perRow, Value start, Value thread, int64_t threads,
    function_ref<Value(OpBuilder &, Location, Value row, Value j)> value,
    Attribute zero);

/// Dequantized tiles of A and B in shared memory, FMA dot products: every
/// scheme, every float operand, any K.
void emitFMAMatmul(OpBuilder &b, Location loc, DeviceSession &session,
                   const MatmulProblem &problem);

/// The kernel a matmul runs on `target`: the chip's strategy where it
/// takes the problem (the *Takes checks below), else FMA. The one place
/// that decides; the pattern only emits what it names.
MatmulStrategy selectMatmulKernel(const MatmulProblem &problem,
                                  const GPUTarget &target,
                                  const GPULoweringOptions &options);

/// Whether the E4M3 `mma.sync.m16n8k32` kernel takes this problem: both
/// operands block-scaled with elements that upcast exactly to E4M3, blocks
/// of 16 or a multiple of 32, K a multiple of 32, and (unless `inexact`)
/// every K-block sum exact in the chip's tensor cores.
bool mmaSyncFP8Takes(const MatmulProblem &problem, const GPUTarget &target,
                     bool inexact);
/// E4M3 tiles in shared memory, `mma.sync.m16n8k32` per K-block group with
/// the block scales applied in f32 after each.
void emitMmaSyncFP8Matmul(OpBuilder &b, Location loc, DeviceSession &session,
                          const MatmulProblem &problem);

/// Whether the sm_90a `wgmma.mma_async` kernel takes this problem: both
/// operands block-scaled with elements that upcast exactly to E4M3, blocks
/// of 16 or 32 in both, and (unless `inexact`) every K-block sum exact in
/// the chip's tensor cores.
bool wgmmaFP8Takes(const MatmulProblem &problem, const GPUTarget &target,
                   bool inexact);
/// 128 x 128 tiles of C by two warpgroups: E4M3 operands by TMA into a ring
/// of shared-memory stages with mbarriers, the others upcast into it by the
/// threads, `wgmma.mma_async` per K-block with the block scales applied in
/// f32 after each (MatmulWgmma.cpp).
void emitWgmmaFP8Matmul(OpBuilder &b, Location loc, DeviceSession &session,
                        const MatmulProblem &problem);

/// Whether sm_120a's warp-level `mma.block_scale` takes this problem: both
/// operands block-scaled in a pairing a block-scaled kind multiplies
/// (selectBlockScaleMma), K a multiple of the MMA's K.
bool mmaBlockScaleTakes(const MatmulProblem &problem);
/// Warp-level block-scaled MMAs (sm_120a): FP4 m16n8k64 kind::mxf4nvf4,
/// or m16n8k32 kind::mxf8f6f4, the scales applied by the tensor cores.
void emitMmaBlockScaleMatmul(OpBuilder &b, Location loc, DeviceSession &session,
                             const MatmulProblem &problem);

/// Whether sm_100a's `tcgen05.mma.block_scale` takes this problem: a
/// pairing selectBlockScaleMma accepts, whose instruction descriptors the
/// index library encodes for M = N = 128.
bool tcgen05BlockScaleTakes(const MatmulProblem &problem);
/// One CTA per 128 x 128 tile of C: cp.async double-buffered operands,
/// scales to Tensor Memory through tcgen05.cp, block-scaled tcgen05.mma
/// into a Tensor Memory accumulator, tcgen05.ld epilogue.
void emitTcgen05BlockScaleMatmul(OpBuilder &b, Location loc,
                                 DeviceSession &session,
                                 const MatmulProblem &problem);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_MATMUL_H
