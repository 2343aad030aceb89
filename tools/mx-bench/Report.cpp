//===- Report.cpp - mx-bench: the table and the JSON ----------------------===//

#include "Bench.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

using namespace mxbench;

namespace {

bool ok(const VariantResult &v) { return v.status == Status::Ok; }

/// The read bandwidth ours is held against: on as many threads as it ran.
double readBandwidth(const MachineInfo &machine) {
  return machine.readGBsThreads > 0 ? machine.readGBsThreads : machine.readGBs;
}

/// The figure a case is compared on: GFLOP/s for a matmul, GB/s of f32 input
/// for a quantization.
double rate(const CaseResult &c, const VariantResult &v) {
  if (!ok(v) || v.seconds <= 0)
    return 0;
  double work = c.def->op == Op::Matmul ? c.flops : c.inputBytes;
  return work / v.seconds * 1e-9;
}

double ratio(const VariantResult &a, const VariantResult &b) {
  return ok(a) && ok(b) && a.seconds > 0 ? b.seconds / a.seconds : 0;
}

/// The faster of the two OpenBLAS core types.
const VariantResult *bestOpenBLAS(const CaseResult &c) {
  const VariantResult &a = c.v[OpenBLASHaswell], &b = c.v[OpenBLASSkylakeX];
  if (ok(a) && ok(b))
    return a.seconds <= b.seconds ? &a : &b;
  if (ok(a))
    return &a;
  if (ok(b))
    return &b;
  return nullptr;
}

std::string number(double x) {
  char buf[32];
  if (x >= 100)
    snprintf(buf, sizeof(buf), "%.0f", x);
  else if (x >= 10)
    snprintf(buf, sizeof(buf), "%.1f", x);
  else if (x >= 1)
    snprintf(buf, sizeof(buf), "%.2f", x);
  else
    snprintf(buf, sizeof(buf), "%.3f", x);
  return buf;
}

/// A table cell: the figure, "~" when extrapolated from fewer rows, "!"
/// when the result differs from the reference (upstream's quantization).
std::string cell(const CaseResult &c, const VariantResult &v) {
  switch (v.status) {
  case Status::NotRun:
    return "-";
  case Status::NotAvailable:
    return "n/a";
  case Status::Error:
    return "ERROR";
  case Status::Ok:
    break;
  }
  std::string s = number(rate(c, v));
  if (v.extrapolated)
    s += "~";
  if (v.codeMismatches > 0)
    s += "!";
  return s;
}

std::string ratioCell(double r) {
  if (r <= 0)
    return "-";
  return number(r) + "x";
}

struct Target {
  std::string what;
  double value = 0; // measured
  double goal = 0;
  bool known = false; // both sides measured
  bool met() const { return known && value >= goal; }
};

std::vector<Target> targets(const CaseResult &c, const MachineInfo &machine) {
  std::vector<Target> out;
  const VariantResult &ours = c.v[Ours];
  if (c.def->smoke)
    return out;
  if (c.def->op == Op::Matmul && c.def->targetOpenBLAS > 0) {
    Target t;
    t.what = "ours/openblas_best";
    t.goal = c.def->targetOpenBLAS;
    const VariantResult *best = bestOpenBLAS(c);
    t.known = best && ok(ours);
    t.value = best ? ratio(ours, *best) : 0;
    out.push_back(t);
  }
  if (c.def->op == Op::Quantize) {
    Target t;
    t.what = "ours_input_gbs/read_bandwidth";
    t.goal = 0.5;
    t.known = ok(ours) && readBandwidth(machine) > 0;
    t.value = t.known ? rate(c, ours) / readBandwidth(machine) : 0;
    out.push_back(t);
  }
  Target up;
  up.what = "ours/upstream_mlir";
  up.goal = 50;
  up.known = ok(ours) && ok(c.v[Upstream]);
  up.value = ratio(ours, c.v[Upstream]);
  out.push_back(up);
  return out;
}

std::string targetCell(const CaseResult &c, const MachineInfo &machine) {
  std::string s;
  for (const Target &t : targets(c, machine)) {
    if (!s.empty())
      s += ", ";
    std::string name = t.what == "ours/openblas_best" ? "OB"
                       : t.what == "ours/upstream_mlir" ? "up"
                                                        : "BW";
    char buf[64];
    if (name == "BW")
      snprintf(buf, sizeof(buf), "%s>=%.0f%%: ", name.c_str(), t.goal * 100);
    else
      snprintf(buf, sizeof(buf), "%s>=%gx: ", name.c_str(), t.goal);
    s += buf;
    s += !t.known ? "?" : t.met() ? "ok" : "MISSED";
  }
  return s;
}

void printRow(const std::vector<std::string> &cells,
              const std::vector<int> &widths) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string cellText = cells[i];
    int w = i < widths.size() ? widths[i] : 0;
    if (i == 0) {
      cellText.resize(std::max<size_t>(cellText.size(), size_t(w)), ' ');
    } else if (static_cast<int>(cellText.size()) < w) {
      cellText = std::string(w - cellText.size(), ' ') + cellText;
    }
    line += cellText;
    if (i + 1 < cells.size())
      line += " ";
  }
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
  printf("%s\n", line.c_str());
}

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string jsonNumber(double x) {
  if (!std::isfinite(x))
    return "null";
  char buf[32];
  snprintf(buf, sizeof(buf), "%.10g", x);
  return buf;
}

const char *statusName(Status s) {
  switch (s) {
  case Status::NotRun:
    return "not_run";
  case Status::Ok:
    return "ok";
  case Status::Error:
    return "error";
  case Status::NotAvailable:
    return "n/a";
  }
  return "?";
}

const char *actName(Act a) {
  return a == Act::F32    ? "f32"
         : a == Act::BF16 ? "bf16"
         : a == Act::Q8   ? "f32 quantized to mxint8 in the call"
                          : "mxfp4";
}

} // namespace

void mxbench::printTable(const std::vector<CaseResult> &results,
                         const Options &options, const MachineInfo &machine) {
  int threads = options.threads;
  std::string threadsLabel = std::to_string(threads) + "T/1T";
  bool anyMatmul = false, anyQuantize = false;
  for (const CaseResult &c : results)
    (c.def->op == Op::Matmul ? anyMatmul : anyQuantize) = true;

  std::vector<std::string> notes;
  auto collectNotes = [&](const CaseResult &c) {
    for (int v = 0; v < kNumVariants; ++v) {
      const VariantResult &r = c.v[v];
      if (r.status == Status::Error || r.status == Status::NotAvailable ||
          (r.status == Status::Ok && r.codeMismatches > 0))
        if (!(r.status == Status::NotAvailable &&
              (v == OpenBLASHaswell || v == OpenBLASSkylakeX) &&
              (c.def->op == Op::Quantize || options.noOpenBLAS)))
          notes.push_back(std::string(c.def->name) + " / " + variantKey(v) +
                          ": " + (r.status == Status::Error ? "ERROR: " : "") +
                          r.note);
    }
  };

  if (anyMatmul) {
    printf("\nMatmul C[M,N] = A[M,K] . W[N,K]^T, case = <op>_<weights>_<activations>_MxNxK\n");
    printf("GFLOP/s = 2*M*N*K / time; w-GB/s = weight bytes (packed data + scales) / time of ours\n\n");
    std::vector<int> widths = {32, 7, 7, 9, 9, 8, 8, 1, 8, 9, 8, 9, 1};
    std::vector<std::string> head1 = {"", "ours", "ours", "", "upstream",
                                      "openblas", "openblas", "|", "ours/",
                                      "ours/", "ours/", "ours", "|"};
    std::vector<std::string> head2 = {"case", "GFLOP/s", "w-GB/s",
                                      "reference", "mlir", "Haswell",
                                      "SkylakeX", "|", "ref", "upstream",
                                      "OB-best", "rel.err", "|", "targets"};
    if (threads > 1) {
      // Ours on one thread, and the speed-up of --threads over it.
      widths.insert(widths.begin() + 3, {7, 7});
      head1.insert(head1.begin() + 3, {"ours", "ours"});
      head2.insert(head2.begin() + 3, {"1T", threadsLabel});
    }
    printRow(head1, widths);
    printRow(head2, widths);
    for (const CaseResult &c : results) {
      if (c.def->op != Op::Matmul)
        continue;
      const VariantResult &ours = c.v[Ours];
      const VariantResult *best = bestOpenBLAS(c);
      char err[32] = "-";
      if (ok(ours) && ours.maxRelErr >= 0)
        snprintf(err, sizeof(err), "%.1e", ours.maxRelErr);
      std::vector<std::string> row = {
          c.def->name, cell(c, ours),
          ok(ours) ? number(c.weightBytes / ours.seconds * 1e-9) : "",
          cell(c, c.v[Reference]), cell(c, c.v[Upstream]),
          cell(c, c.v[OpenBLASHaswell]), cell(c, c.v[OpenBLASSkylakeX]), "|",
          ratioCell(ratio(ours, c.v[Reference])),
          ratioCell(ratio(ours, c.v[Upstream])),
          ratioCell(best ? ratio(ours, *best) : 0), err, "|",
          targetCell(c, machine)};
      if (threads > 1)
        row.insert(row.begin() + 3,
                   {cell(c, c.v[OursOneThread]),
                    ratioCell(ratio(ours, c.v[OursOneThread]))});
      printRow(row, widths);
      collectNotes(c);
    }
  }

  if (anyQuantize) {
    printf("\nQuantize f32 -> MXFP4 (OCP floor rule), GB/s of f32 input read\n\n");
    std::vector<int> widths = {32, 7, 9, 9, 1, 8, 9, 9, 1};
    std::vector<std::string> head1 = {"", "ours", "", "upstream", "|",
                                      "ours/", "ours/", "ours/", "|"};
    std::vector<std::string> head2 = {"case", "GB/s", "reference", "mlir",
                                      "|", "ref", "upstream", "read-BW", "|",
                                      "targets"};
    if (threads > 1) {
      widths.insert(widths.begin() + 2, {7, 7});
      head1.insert(head1.begin() + 2, {"ours", "ours"});
      head2.insert(head2.begin() + 2, {"1T", threadsLabel});
    }
    printRow(head1, widths);
    printRow(head2, widths);
    for (const CaseResult &c : results) {
      if (c.def->op != Op::Quantize)
        continue;
      const VariantResult &ours = c.v[Ours];
      char bw[32] = "-";
      if (ok(ours) && readBandwidth(machine) > 0)
        snprintf(bw, sizeof(bw), "%.0f%%",
                 100.0 * rate(c, ours) / readBandwidth(machine));
      std::vector<std::string> row = {
          c.def->name, cell(c, ours), cell(c, c.v[Reference]),
          cell(c, c.v[Upstream]), "|",
          ratioCell(ratio(ours, c.v[Reference])),
          ratioCell(ratio(ours, c.v[Upstream])), bw, "|",
          targetCell(c, machine)};
      if (threads > 1)
        row.insert(row.begin() + 2,
                   {cell(c, c.v[OursOneThread]),
                    ratioCell(ratio(ours, c.v[OursOneThread]))});
      printRow(row, widths);
      collectNotes(c);
    }
  }
  printf("\nstreaming read bandwidth (same run): %.1f GB/s on one thread",
         machine.readGBs);
  if (machine.readGBsThreads > 0)
    printf(", %.1f GB/s on %d", machine.readGBsThreads, threads);
  printf("\n");

  bool extrapolated = false, cycled = false;
  for (const CaseResult &c : results) {
    for (const VariantResult &v : c.v)
      extrapolated |= v.extrapolated;
    cycled |= c.weightCopies > 1;
  }
  printf("\n");
  if (extrapolated)
    printf("~  upstream MLIR timed on 16 and 64 rows of A and extrapolated "
           "linearly to M (a full GEMM call takes seconds; its time is linear "
           "in M)\n");
  if (cycled)
    printf("GEMV and M = 8 cases cycle through copies of the weights (more "
           "than 2 x L3 in all) so that they come from DRAM; --hot reuses one "
           "copy\n");
  for (const std::string &n : notes)
    printf("note: %s\n", n.c_str());
}

void mxbench::printJSON(const std::vector<CaseResult> &results,
                        const Options &options, const MachineInfo &machine) {
  std::string j = "{\n";
  j += "  \"tool\": \"mx-bench\",\n";
  j += "  \"threads\": " + std::to_string(options.threads) + ",\n";
  j += std::string("  \"mode\": ") +
       jsonString(options.smoke ? "smoke" : options.quick ? "quick" : "full") +
       ",\n";
  j += std::string("  \"weights_from_dram\": ") +
       (options.hot || options.smoke ? "false" : "true") + ",\n";
  j += "  \"shapes\": \"M x N x K: C[M,N] = A[M,K] . W[N,K]^T\",\n";
  j += "  \"machine\": {\"cpu_model\": " + jsonString(machine.cpuModel) +
       ", \"llvm_cpu\": " + jsonString(machine.cpuName) +
       ", \"cpu_features\": " + jsonString(machine.cpuFeatures) +
       ", \"l3_bytes\": " + std::to_string(machine.l3Bytes) +
       ", \"read_bandwidth_gbs\": " +
       (machine.readGBs > 0 ? jsonNumber(machine.readGBs) : "null") +
       ", \"read_bandwidth_threads_gbs\": " +
       (machine.readGBsThreads > 0 ? jsonNumber(machine.readGBsThreads)
                                   : "null") +
       ", \"openblas_detected_core\": " + jsonString(machine.openblasAutoCore) +
       ", \"openblas_coretype_env\": " + jsonString(machine.envCoreType) +
       "},\n";
  j += "  \"cases\": [";
  for (size_t ci = 0; ci < results.size(); ++ci) {
    const CaseResult &c = results[ci];
    const CaseDef &d = *c.def;
    bool mm = d.op == Op::Matmul;
    j += ci ? ",\n    {" : "\n    {";
    j += "\"name\": " + jsonString(d.name);
    j += std::string(", \"op\": ") + (mm ? "\"matmul\"" : "\"quantize\"");
    j += ", \"scheme\": " + jsonString(d.scheme);
    if (mm)
      j += std::string(", \"activations\": ") + jsonString(actName(d.act));
    j += ", \"m\": " + std::to_string(d.m);
    if (mm)
      j += ", \"n\": " + std::to_string(d.n);
    j += ", \"k\": " + std::to_string(d.k);
    if (mm) {
      j += ", \"flops\": " + jsonNumber(c.flops);
      j += ", \"weight_bytes\": " + jsonNumber(c.weightBytes);
      j += ", \"weight_copies\": " + std::to_string(c.weightCopies);
    } else {
      j += ", \"input_bytes\": " + jsonNumber(c.inputBytes);
      j += ", \"output_bytes\": " + jsonNumber(c.outputBytes);
    }
    j += ",\n     \"variants\": {";
    for (int v = 0; v < kNumVariants; ++v) {
      const VariantResult &r = c.v[v];
      j += v ? ",\n       " : "\n       ";
      j += jsonString(variantKey(v)) + ": {\"status\": " +
           jsonString(statusName(r.status));
      if (ok(r)) {
        j += ", \"seconds\": " + jsonNumber(r.seconds);
        if (mm) {
          j += ", \"gflops\": " + jsonNumber(rate(c, r));
          j += ", \"weight_gbs\": " + jsonNumber(c.weightBytes / r.seconds * 1e-9);
          if (r.maxRelErr >= 0)
            j += ", \"max_rel_err\": " + jsonNumber(r.maxRelErr);
        } else {
          j += ", \"input_gbs\": " + jsonNumber(rate(c, r));
          j += ", \"code_mismatches\": " + std::to_string(r.codeMismatches);
          j += ", \"scale_mismatches\": " + std::to_string(r.scaleMismatches);
        }
        j += ", \"samples\": " + std::to_string(r.samples);
        j += ", \"calls_per_sample\": " + std::to_string(r.callsPerSample);
        j += ", \"rows_timed\": " + std::to_string(r.rowsTimed);
        if (r.extrapolated)
          j += ", \"extrapolated_from_rows\": [" + std::to_string(r.rowsTimed) +
               ", " + std::to_string(r.rowsTimed2) + "]";
      }
      if (!r.note.empty())
        j += ", \"note\": " + jsonString(r.note);
      j += "}";
    }
    j += "},\n     \"ratios\": {";
    const VariantResult &ours = c.v[Ours];
    const VariantResult *best = bestOpenBLAS(c);
    auto jr = [&](double r) { return r > 0 ? jsonNumber(r) : std::string("null"); };
    j += "\"ours_over_reference\": " + jr(ratio(ours, c.v[Reference]));
    j += ", \"ours_over_upstream_mlir\": " + jr(ratio(ours, c.v[Upstream]));
    j += ", \"ours_over_ours_one_thread\": " +
         jr(ratio(ours, c.v[OursOneThread]));
    if (mm) {
      j += ", \"ours_over_openblas_haswell\": " + jr(ratio(ours, c.v[OpenBLASHaswell]));
      j += ", \"ours_over_openblas_skylakex\": " +
           jr(ratio(ours, c.v[OpenBLASSkylakeX]));
      j += ", \"ours_over_openblas_best\": " + jr(best ? ratio(ours, *best) : 0);
    } else {
      j += ", \"ours_over_read_bandwidth\": " +
           jr(ok(ours) && readBandwidth(machine) > 0 ? rate(c, ours) / readBandwidth(machine)
                                              : 0);
    }
    j += "},\n     \"targets\": [";
    std::vector<Target> ts = targets(c, machine);
    for (size_t t = 0; t < ts.size(); ++t) {
      j += t ? ", " : "";
      j += "{\"what\": " + jsonString(ts[t].what) +
           ", \"goal\": " + jsonNumber(ts[t].goal) + ", \"value\": " +
           (ts[t].known ? jsonNumber(ts[t].value) : "null") + ", \"met\": " +
           (ts[t].known ? (ts[t].met() ? "true" : "false") : "null") + "}";
    }
    j += "]}";
  }
  j += "\n  ]\n}\n";
  fputs(j.c_str(), stdout);
}
