//===- Timing.cpp - mx-bench: repeated, median-of-samples timing ----------===//

#include "Bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

using namespace mxbench;

double mxbench::nowSeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

TimingOptions mxbench::timingOptionsFor(const Options &options) {
  TimingOptions timing;
  if (options.smoke) {
    timing.sampleSeconds = 0.002;
    timing.samples = 1;
    timing.budgetSeconds = 0.05;
  } else if (options.quick) {
    timing.sampleSeconds = 0.05;
    timing.samples = 3;
    timing.budgetSeconds = 0.6;
  }
  return timing;
}

namespace {
/// One thread count's share of a measurement.
struct Series {
  int threads = 0; // 0: leave the count as set
  int64_t callsPerSample = 1;
  std::vector<double> perCall;

  void select() const {
    if (threads)
      setKernelThreads(threads);
  }
  double median() {
    std::sort(perCall.begin(), perCall.end());
    size_t n = perCall.size();
    return n % 2 ? perCall[n / 2] : 0.5 * (perCall[n / 2 - 1] + perCall[n / 2]);
  }
};
} // namespace

Measurement mxbench::measure(const std::function<void(int64_t)> &call,
                             const TimingOptions &options) {
  int64_t index = 0;
  std::vector<Series> series(options.alternateThreads ? 2 : 1);
  series[0].threads = options.threads;
  if (options.alternateThreads)
    series[1].threads = options.alternateThreads;

  // Warm-up at each count: the first call pays for page faults, cold caches,
  // lazy binding and starting threads; when calls are cheap a second one
  // gives the estimate.
  double sampleCost = 0;
  for (Series &s : series) {
    s.select();
    double start = nowSeconds();
    call(index++);
    double estimate = nowSeconds() - start;
    if (estimate < options.sampleSeconds / 4) {
      start = nowSeconds();
      call(index++);
      estimate = nowSeconds() - start;
    }
    estimate = std::max(estimate, 1e-9);
    s.callsPerSample = std::max<int64_t>(
        1, static_cast<int64_t>(std::ceil(options.sampleSeconds / estimate)));
    sampleCost += estimate * static_cast<double>(s.callsPerSample);
  }

  // Each thread count has the budget to itself, as when timed apart.
  double budget = options.budgetSeconds * static_cast<double>(series.size());
  Measurement m;
  m.samples = options.samples;
  if (sampleCost * m.samples > budget)
    m.samples = std::max(1, static_cast<int>(budget / sampleCost));
  for (int sample = 0; sample < m.samples; ++sample) {
    for (Series &s : series) {
      s.select();
      double start = nowSeconds();
      for (int64_t i = 0; i < s.callsPerSample; ++i)
        call(index++);
      s.perCall.push_back((nowSeconds() - start) /
                          static_cast<double>(s.callsPerSample));
    }
  }
  series[0].select();
  m.callsPerSample = series[0].callsPerSample;
  m.seconds = series[0].median();
  if (options.alternateThreads) {
    m.alternateCallsPerSample = series[1].callsPerSample;
    m.alternateSeconds = series[1].median();
  }
  return m;
}

namespace {
// Eight independent sums keep several loads in flight; the result is used so
// that the loop is not removed.
__attribute__((noinline)) uint64_t sumWords(const uint64_t *p, int64_t n) {
  uint64_t s[8] = {};
  for (int64_t i = 0; i + 8 <= n; i += 8)
    for (int j = 0; j < 8; ++j)
      s[j] += p[i + j];
  return s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
}
} // namespace

double mxbench::measureReadBandwidth(int64_t bytes,
                                     const TimingOptions &options,
                                     int threads) {
  int64_t words = bytes / 8;
  std::vector<uint64_t> buffer(static_cast<size_t>(words));
  for (int64_t i = 0; i < words; ++i)
    buffer[i] = static_cast<uint64_t>(i);
  std::vector<uint64_t> sinks(static_cast<size_t>(threads));
  // Each thread streams its own contiguous share, as the kernels' static
  // schedule splits their work.
  int64_t share = words / threads / 8 * 8;
  Measurement m = measure(
      [&](int64_t) {
        std::vector<std::thread> workers;
        for (int t = 1; t < threads; ++t)
          workers.emplace_back([&, t] {
            sinks[t] += sumWords(buffer.data() + t * share, share);
          });
        sinks[0] += sumWords(buffer.data(), threads == 1 ? words : share);
        for (std::thread &w : workers)
          w.join();
      },
      options);
  volatile uint64_t sink = 0;
  for (uint64_t s : sinks)
    sink = sink + s;
  (void)sink;
  int64_t read = threads == 1 ? words : share * threads;
  return static_cast<double>(read * 8) / m.seconds * 1e-9;
}

// LLVM's OpenMP runtime, which mx-bench links for our kernels.
extern "C" void omp_set_num_threads(int);

void mxbench::setKernelThreads(int threads) { omp_set_num_threads(threads); }
