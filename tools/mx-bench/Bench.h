//===- Bench.h - mx-bench: cases, variants, results -------------*- C++ -*-===//
//
// mx-bench measures each case with our compiled kernels and, in the same run
// on the same data, the baselines: the numerics core's scalar reference,
// upstream MLIR 22 (scaling_extf + linalg.matmul), and OpenBLAS on the
// dequantized matrix under the core type it picks and under SkylakeX.
//
// Shapes are M x N x K: C[M, N] = A[M, K] . W[N, K]^T, the weights W stored
// N x K and block-scaled along K (Numerics §4), as in the issue ("GEMV
// 1x14336x4096" is M = 1 row of activations against 14336 x 4096 weights).
//
//===----------------------------------------------------------------------===//

#ifndef MX_BENCH_BENCH_H
#define MX_BENCH_BENCH_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mxbench {

//===----------------------------------------------------------------------===//
// Kernel ABI
//===----------------------------------------------------------------------===//

/// A rank-2 MLIR strided memref descriptor, as `llvm.emit_c_interface`
/// passes it. The element type does not change the layout, so one struct
/// serves f32, bf16 (uint16_t) and byte (i8, E8M0, E4M3, E2M1) memrefs.
struct MemRef2 {
  void *allocated = nullptr;
  void *aligned = nullptr;
  int64_t offset = 0;
  int64_t sizes[2] = {0, 0};
  int64_t strides[2] = {0, 0};
};

/// Wraps a row-major [rows, cols] buffer.
inline MemRef2 viewOf(const void *data, int64_t rows, int64_t cols) {
  MemRef2 m;
  m.allocated = m.aligned = const_cast<void *>(data);
  m.sizes[0] = rows;
  m.sizes[1] = cols;
  m.strides[0] = cols;
  m.strides[1] = 1;
  return m;
}

/// Results of a quantize kernel: (data, scales).
struct QuantizeResult {
  MemRef2 data;
  MemRef2 scales;
};

/// The kernel signatures (after `_mlir_ciface_`): result first, then one
/// descriptor per memref argument, f32 scalars by value.
using KernelW = void (*)(MemRef2 *c, MemRef2 *a, MemRef2 *wData,
                         MemRef2 *wScales);
using KernelWG = void (*)(MemRef2 *c, MemRef2 *a, MemRef2 *wData,
                          MemRef2 *wScales, float wGlobal);
using KernelAW = void (*)(MemRef2 *c, MemRef2 *aData, MemRef2 *aScales,
                          MemRef2 *wData, MemRef2 *wScales);
using KernelQ = void (*)(QuantizeResult *out, MemRef2 *x);
using AnyKernel = void (*)();

//===----------------------------------------------------------------------===//
// Cases
//===----------------------------------------------------------------------===//

enum class Op { Matmul, Quantize };
/// Activations: f32, bf16, MXFP4 storage, or f32 that the kernel quantizes
/// to MXINT8 itself, inside the timed call (Q8: ggml's q8_0 in OCP form).
enum class Act { F32, BF16, MXFP4, Q8 };

struct CaseDef {
  const char *name;
  Op op;
  const char *scheme; // weights (matmul) or result (quantize) scheme
  Act act;
  int64_t m, n, k;
  bool smoke;         // part of --smoke (small shapes), else of the benchmark
  AnyKernel ours;         // null when not built
  const char *oursSymbol; // its function name in kernels/*.mlir
  AnyKernel upstream;
  double targetOpenBLAS; // issue target for ours / best OpenBLAS (0: none)
};

const std::vector<CaseDef> &allCases();

//===----------------------------------------------------------------------===//
// Variants and results
//===----------------------------------------------------------------------===//

/// OursOneThread: ours again on one thread, when --threads asks for more.
enum Variant {
  Ours,
  Reference,
  Upstream,
  OpenBLASHaswell,
  OpenBLASSkylakeX,
  OursOneThread
};
constexpr int kNumVariants = 6;
const char *variantKey(int variant); // JSON key: "ours", "reference", ...

enum class Status { NotRun, Ok, Error, NotAvailable };

struct VariantResult {
  Status status = Status::NotRun;
  double seconds = 0;         // per call at the case's full size
  int samples = 0;            // timed samples (median taken)
  int64_t callsPerSample = 0; // calls in each sample
  int64_t rowsTimed = 0;      // rows of A run (< M when extrapolated)
  double alternateSeconds = 0; // at TimingOptions::alternateThreads
  int64_t alternateCallsPerSample = 0;
  int64_t rowsTimed2 = 0;     // second row count of the linear fit
  bool extrapolated = false;
  double maxRelErr = -1;      // max |c - c64| / sum_k |a b| (matmul)
  int64_t codeMismatches = -1;  // quantize: element codes != reference
  int64_t scaleMismatches = -1; // quantize: scale bytes != reference
  std::string note;
};

struct CaseResult {
  const CaseDef *def = nullptr;
  VariantResult v[kNumVariants];
  double flops = 0;        // 2 M N K (matmul)
  double weightBytes = 0;  // packed data + scales of W (matmul)
  double inputBytes = 0;   // quantize: f32 bytes read
  double outputBytes = 0;  // quantize: data + scale bytes written
  int weightCopies = 1;    // copies cycled so the weights come from DRAM
};

struct Options {
  bool json = false;
  bool quick = false;
  bool smoke = false;
  bool hot = false;
  bool noOpenBLAS = false;
  /// Threads of ours (OpenMP) and of OpenBLAS.
  int threads = 1;
  std::string filter;
};

struct MachineInfo {
  int64_t l3Bytes = 0;
  double readGBs = 0; // single-thread streaming read bandwidth
  double readGBsThreads = 0; // the same with --threads threads (> 1)
  std::string openblasAutoCore; // what OpenBLAS detects with the variable unset
  std::string envCoreType;      // OPENBLAS_CORETYPE of mx-bench's environment
  std::string cpuFeatures;      // "avx2+ avx512f+ ..."
  std::string cpuModel;         // /proc/cpuinfo's model name
  std::string cpuName;          // LLVM's name, the CPU target table's key
};

//===----------------------------------------------------------------------===//
// Timing (Timing.cpp)
//===----------------------------------------------------------------------===//

struct TimingOptions {
  double sampleSeconds = 0.3; // aim for samples at least this long
  int samples = 5;            // median of this many
  double budgetSeconds = 4.0; // fewer samples when one call is slow
  /// Our kernels' thread counts: `threads` (0: as set), and where not 0,
  /// `alternateThreads` too, each sample at one count followed by one at
  /// the other, so that a burst of load from elsewhere on a shared machine
  /// falls on both alike (the speed-up column is their ratio).
  int threads = 0;
  int alternateThreads = 0;
};
TimingOptions timingOptionsFor(const Options &options);

struct Measurement {
  double seconds = 0; // median time of one call
  int samples = 0;
  int64_t callsPerSample = 0;
  double alternateSeconds = 0; // the same at TimingOptions::alternateThreads
  int64_t alternateCallsPerSample = 0;
};

double nowSeconds();
/// Warm-up, then samples of repeated calls; `call(i)` gets a running index
/// (to cycle through weight copies).
Measurement measure(const std::function<void(int64_t)> &call,
                    const TimingOptions &options);

/// Streaming read bandwidth over `bytes`, split over `threads` threads, in
/// GB/s.
double measureReadBandwidth(int64_t bytes, const TimingOptions &options,
                            int threads = 1);

/// The number of threads our kernels' parallel loops run on (OpenMP).
void setKernelThreads(int threads);

//===----------------------------------------------------------------------===//
// OpenBLAS in a child process (OpenBLAS.cpp)
//===----------------------------------------------------------------------===//

struct BlasApi {
  void (*sgemm)(int order, int transA, int transB, int m, int n, int k,
                float alpha, const float *a, int lda, const float *b, int ldb,
                float beta, float *c, int ldc) = nullptr;
  void (*sgemv)(int order, int trans, int m, int n, float alpha,
                const float *a, int lda, const float *x, int incx, float beta,
                float *y, int incy) = nullptr;
  std::string core;
};

/// Forks; the child loads OpenBLAS with OPENBLAS_NUM_THREADS=`threads` and
/// OPENBLAS_CORETYPE=`coreType` (null: unset, the library's own detection),
/// runs `body` and sends its result back. The child sees the parent's data.
VariantResult runWithOpenBLAS(const char *coreType, int threads,
                              const std::function<VariantResult(const BlasApi &)> &body,
                              std::string *coreName);

//===----------------------------------------------------------------------===//
// Running and reporting (Cases.cpp, Report.cpp)
//===----------------------------------------------------------------------===//

CaseResult runCase(const CaseDef &def, const Options &options,
                   MachineInfo &machine);

void printTable(const std::vector<CaseResult> &results, const Options &options,
                const MachineInfo &machine);
void printJSON(const std::vector<CaseResult> &results, const Options &options,
               const MachineInfo &machine);

} // namespace mxbench

#endif // MX_BENCH_BENCH_H
