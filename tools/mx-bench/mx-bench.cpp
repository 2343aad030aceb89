//===- mx-bench.cpp - microscale CPU kernels against their baselines -------===//
//
// Runs every benchmark case with our kernels (compiled at build time by
// mx-opt --microscale-cpu-pipeline) and, in the same run on the same data,
// the baselines: the numerics core's scalar reference, upstream MLIR 22
// (arith.scaling_extf + linalg.matmul, upstream passes), and OpenBLAS on the
// dequantized f32 matrix with the core type it picks and with SkylakeX.
// Every result is checked against the reference before it is timed.
// Our kernels and OpenBLAS on --threads threads (default 1). See README.md.
//
//===----------------------------------------------------------------------===//

#include "Bench.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/TargetParser/Host.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <string>
#include <unistd.h>

using namespace mxbench;

namespace {

void usage(FILE *out) {
  fprintf(out,
          "usage: mx-bench [--json] [--filter SUBSTRING] [--quick] [--smoke]\n"
          "                [--hot] [--no-openblas] [--threads N] [--list]\n"
          "\n"
          "  --json         machine-readable output, one object per case\n"
          "  --filter S     only the cases whose name contains S\n"
          "  --quick        fewer and shorter timing samples\n"
          "  --smoke        small shapes, validation first, minimal timing (the\n"
          "                 ctest smoke test); exits 1 on any wrong result or,\n"
          "                 when built with our kernels, a kernel not built\n"
          "  --hot          GEMV / M = 8: reuse one copy of the weights (cache-hot)\n"
          "                 instead of cycling copies that exceed the L3 cache\n"
          "  --no-openblas  skip the OpenBLAS baselines\n"
          "  --threads N    run our kernels (OpenMP) and OpenBLAS on N threads\n"
          "                 (default 1); N > 1 adds ours on one thread and the\n"
          "                 speed-up, and the read bandwidth on N threads\n"
          "  --list         print the case names and exit\n");
}

/// The L3 size from sysfs ("32768K"). glibc's sysconf(_SC_LEVEL3_CACHE_SIZE)
/// reports 384 MiB on this KVM guest, so it is only the fallback.
int64_t l3CacheBytes() {
  if (FILE *f = fopen("/sys/devices/system/cpu/cpu0/cache/index3/size", "r")) {
    long long value = 0;
    char unit = 0;
    int n = fscanf(f, "%lld%c", &value, &unit);
    fclose(f);
    if (n >= 1 && value > 0)
      return unit == 'K' ? value << 10 : unit == 'M' ? value << 20 : value;
  }
  long bytes = sysconf(_SC_LEVEL3_CACHE_SIZE);
  if (bytes > 0 && bytes <= (256l << 20))
    return bytes;
  return 32ll << 20;
}

/// The instruction sets the kernels' -mcpu=native may use here.
std::string cpuFeatures() {
  __builtin_cpu_init();
  std::string s;
  auto add = [&](const char *name, bool has) {
    s += s.empty() ? "" : " ";
    s += name;
    s += has ? "+" : "-";
  };
  add("avx2", __builtin_cpu_supports("avx2"));
  add("avx512f", __builtin_cpu_supports("avx512f"));
  add("avx512bw", __builtin_cpu_supports("avx512bw"));
  add("avx512vnni", __builtin_cpu_supports("avx512vnni"));
  add("avx512bf16", __builtin_cpu_supports("avx512bf16"));
  add("avx512vbmi", __builtin_cpu_supports("avx512vbmi"));
  return s;
}

/// The processor's model name as /proc/cpuinfo gives it.
std::string cpuModel() {
  std::string model = "unknown";
  if (FILE *f = fopen("/proc/cpuinfo", "r")) {
    char line[512];
    while (fgets(line, sizeof(line), f)) {
      if (strncmp(line, "model name", 10) != 0)
        continue;
      const char *value = strchr(line, ':');
      if (value) {
        model = value + 1 + (value[1] == ' ');
        while (!model.empty() && (model.back() == '\n' || model.back() == ' '))
          model.pop_back();
      }
      break;
    }
    fclose(f);
  }
  return model;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "--json"))
      options.json = true;
    else if (!strcmp(a, "--quick"))
      options.quick = true;
    else if (!strcmp(a, "--smoke"))
      options.smoke = true;
    else if (!strcmp(a, "--hot"))
      options.hot = true;
    else if (!strcmp(a, "--no-openblas"))
      options.noOpenBLAS = true;
    else if (!strcmp(a, "--list"))
      list = true;
    else if ((!strcmp(a, "--threads") && i + 1 < argc) ||
             !strncmp(a, "--threads=", 10)) {
      const char *value = a[9] == '=' ? a + 10 : argv[++i];
      char *end = nullptr;
      long n = strtol(value, &end, 10);
      if (*value == '\0' || *end != '\0' || n < 1 || n > 1024) {
        fprintf(stderr, "mx-bench: --threads takes a count from 1 to 1024, "
                        "not '%s'\n", value);
        return 2;
      }
      options.threads = static_cast<int>(n);
    } else if (!strcmp(a, "--filter") && i + 1 < argc)
      options.filter = argv[++i];
    else if (!strncmp(a, "--filter=", 9))
      options.filter = a + 9;
    else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    } else {
      fprintf(stderr, "mx-bench: unknown argument '%s'\n", a);
      usage(stderr);
      return 2;
    }
  }

  std::vector<const CaseDef *> selected;
  for (const CaseDef &c : allCases())
    if (c.smoke == options.smoke &&
        (options.filter.empty() ||
         std::string(c.name).find(options.filter) != std::string::npos))
      selected.push_back(&c);
  if (list) {
    for (const CaseDef *c : selected)
      printf("%s\n", c->name);
    return 0;
  }
  if (selected.empty()) {
    fprintf(stderr, "mx-bench: no case matches '%s' (see --list)\n",
            options.filter.c_str());
    return 2;
  }

  // Kernels return freshly allocated results and upstream MLIR allocates its
  // dequantized weights on every call. Serve every allocation from the heap
  // and never give it back, so that no variant pays for page faults and
  // zeroing of fresh mmap()ed memory on each call.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);

  MachineInfo machine;
  machine.l3Bytes = l3CacheBytes();
  {
    // What memory-bound kernels are measured against, in this run.
    TimingOptions timing = timingOptionsFor(options);
    int64_t bytes = (options.smoke ? 32ll : options.quick ? 256ll : 512ll) << 20;
    machine.readGBs = measureReadBandwidth(bytes, timing);
    if (options.threads > 1)
      machine.readGBsThreads =
          measureReadBandwidth(bytes, timing, options.threads);
  }
  machine.cpuFeatures = cpuFeatures();
  machine.cpuModel = cpuModel();
  machine.cpuName = llvm::sys::getHostCPUName().str();
  if (const char *env = getenv("OPENBLAS_CORETYPE"))
    machine.envCoreType = env;
  if (!options.noOpenBLAS)
    runWithOpenBLAS(
        nullptr, options.threads, [](const BlasApi &) { return VariantResult(); },
        &machine.openblasAutoCore);

  if (!options.json) {
    if (options.threads == 1)
      printf("mx-bench: microscale CPU kernels vs baselines, single thread, one run, same data\n");
    else
      printf("mx-bench: microscale CPU kernels vs baselines, %d threads (ours also on 1), one run, same data\n",
             options.threads);
    printf("  ours      = microscale ops -> mx-opt --microscale-cpu-pipeline -> llc -O3 -mcpu=native%s\n",
#if MX_BENCH_OURS
           ""
#else
           " (NOT BUILT: MX_BENCH_OURS=OFF)"
#endif
    );
    printf("  reference = microscale::formats::matmul / quantize (scalar numerics core)\n");
    printf("  upstream  = MLIR 22 arith.scaling_extf + linalg.matmul (E2M1 one code per byte), upstream passes, opt -O3, llc -O3\n");
    printf("  openblas  = dequantize (not timed), then cblas_sgemv (M = 1) / cblas_sgemm, OPENBLAS_NUM_THREADS=%d,\n",
           options.threads);
    printf("              OPENBLAS_CORETYPE=Haswell (AVX2) and =SkylakeX (AVX-512), each in a child process\n");
    if (!options.noOpenBLAS)
      printf("              (OpenBLAS's own detection here: %s; OPENBLAS_CORETYPE in this environment: %s)\n",
             machine.openblasAutoCore.empty() ? "unknown" : machine.openblasAutoCore.c_str(),
             machine.envCoreType.empty() ? "unset" : machine.envCoreType.c_str());
    printf("  cpu       = %s (LLVM: %s, the CPU target table's row or a generic one)\n",
           machine.cpuModel.c_str(), machine.cpuName.c_str());
    printf("              %s; kernels built with -mcpu=native\n",
           machine.cpuFeatures.c_str());
    printf("  timing    = warm-up, then the median of %d samples of >= %.3g s each\n",
           timingOptionsFor(options).samples,
           timingOptionsFor(options).sampleSeconds);
    fflush(stdout);
  }

  std::vector<CaseResult> results;
  double start = nowSeconds();
  int failures = 0;
#if MX_BENCH_OURS
  // The smoke test also guards the build: every one of our kernels, the
  // benchmark's too, must have compiled (kernels/*.mlir through mx-opt).
  if (options.smoke) {
    for (const CaseDef &c : allCases()) {
      if (!c.ours) {
        ++failures;
        fprintf(stderr,
                "mx-bench: ERROR: our kernel @%s was not built: it did not "
                "compile with mx-opt --microscale-cpu-pipeline (see the build "
                "log)\n",
                c.oursSymbol);
      }
    }
  }
#endif
  for (size_t i = 0; i < selected.size(); ++i) {
    const CaseDef &c = *selected[i];
    fprintf(stderr, "mx-bench: [%zu/%zu] %s (%.0f s)\n", i + 1,
            selected.size(), c.name, nowSeconds() - start);
    results.push_back(runCase(c, options, machine));
    const CaseResult &r = results.back();
    for (int v = 0; v < kNumVariants; ++v) {
      if (r.v[v].status == Status::Error) {
        ++failures;
        fprintf(stderr, "mx-bench: ERROR: %s / %s: %s\n", c.name,
                variantKey(v), r.v[v].note.c_str());
      }
    }
  }
  fprintf(stderr, "mx-bench: done in %.0f s\n", nowSeconds() - start);

  if (options.json)
    printJSON(results, options, machine);
  else
    printTable(results, options, machine);
  if (failures) {
    fprintf(stderr, "mx-bench: %d failure(s)\n", failures);
    return 1;
  }
  return 0;
}
