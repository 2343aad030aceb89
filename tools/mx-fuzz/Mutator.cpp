//===- Mutator.cpp - token-level mutations of MLIR text -------------------===//
//
// libFuzzer's byte mutations rarely keep a module valid when a shape or a
// scheme changes: `64` is spelled in the tensor types, the block-scaled types
// and their storage types alike. Half the mutations here pick a token (a
// number in a shape or attribute, a scheme, a type, a layout, a rounding
// rule, a microscale op name) and replace it, mostly everywhere it occurs,
// by another of its kind: a consistent new shape or scheme. The other half
// are libFuzzer's own (with the dictionary).
//
//===----------------------------------------------------------------------===//

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {

/// Tokens that may stand for one another.
const std::vector<std::vector<std::string>> kWordClasses = {
    {"mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp4", "mxint8",
     "nvfp4"},
    {"f32", "bf16", "f16", "f4E2M1FN", "f6E2M3FN", "f6E3M2FN", "f8E4M3FN",
     "f8E5M2", "f8E8M0FNU", "i8", "i32", "index"},
    {"row_major", "swizzled"},
    {"floor", "rceil"},
    {"quantize", "dequantize", "requantize", "matmul", "pack", "unpack"},
};

/// Sizes at the edges of what the dialect and the lowerings handle: packing
/// units, block sizes, tile sizes, 32- and 64-bit limits, the 2^60 bound.
const char *const kNumbers[] = {
    "0",    "1",       "2",          "3",          "4",
    "7",    "8",       "15",         "16",         "17",
    "31",   "32",      "33",         "48",         "63",
    "64",   "96",      "127",        "128",        "129",
    "256",  "1024",    "1025",       "2048",       "4096",
    "65536", "1048576", "2147483648", "4294967296", "576460752303423488",
    "1152921504606846976", "4611686018427387904", "9223372036854775807"};

bool isWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

struct Token {
  size_t begin, end;
  bool number;
};

/// Numbers outside identifiers (`64` in `4x64xf32`, not the `32` of `f32`)
/// and the words of kWordClasses.
std::vector<Token> findTokens(const std::string &text) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < text.size();) {
    if (!isWordChar(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && isWordChar(text[end]))
      ++end;
    std::string word = text.substr(i, end - i);
    for (const auto &words : kWordClasses)
      for (const std::string &candidate : words)
        if (word == candidate)
          tokens.push_back({i, end, false});
    // Digit runs inside the word, separated by the `x` of shapes.
    for (size_t j = i; j < end;) {
      if (!std::isdigit(static_cast<unsigned char>(text[j]))) {
        ++j;
        continue;
      }
      size_t k = j;
      while (k < end && std::isdigit(static_cast<unsigned char>(text[k])))
        ++k;
      bool startsPart = j == i || text[j - 1] == 'x';
      bool endsPart = k == end || text[k] == 'x';
      if (startsPart && endsPart)
        tokens.push_back({j, k, true});
      j = k;
    }
    i = end;
  }
  return tokens;
}

std::string replacement(const std::string &word, bool number,
                        std::minstd_rand &rng) {
  if (number) {
    switch (rng() % 4) {
    case 0: {
      unsigned long long value = std::strtoull(word.c_str(), nullptr, 10);
      switch (rng() % 4) {
      case 0:
        return std::to_string(value * 2);
      case 1:
        return std::to_string(value / 2);
      case 2:
        return std::to_string(value + 1);
      default:
        return std::to_string(value - 1);
      }
    }
    default:
      return kNumbers[rng() % (sizeof(kNumbers) / sizeof(kNumbers[0]))];
    }
  }
  for (const auto &words : kWordClasses)
    for (const std::string &candidate : words)
      if (word == candidate)
        return words[rng() % words.size()];
  return word;
}

/// `from` replaced by `to` at the token at `at`, and with probability 3/4 at
/// every other whole-token occurrence too.
std::string substitute(const std::string &text, const Token &at,
                       const std::string &to, std::minstd_rand &rng) {
  std::string from = text.substr(at.begin, at.end - at.begin);
  if (rng() % 4 == 0)
    return text.substr(0, at.begin) + to + text.substr(at.end);
  std::string result;
  size_t last = 0;
  for (const Token &token : findTokens(text)) {
    if (token.number != at.number ||
        text.compare(token.begin, token.end - token.begin, from) != 0)
      continue;
    result += text.substr(last, token.begin - last) + to;
    last = token.end;
  }
  return result + text.substr(last);
}

} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned seed) {
  std::minstd_rand rng(seed);
  if (rng() % 2 == 0)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::string text(reinterpret_cast<const char *>(data), size);
  std::vector<Token> tokens = findTokens(text);
  if (tokens.empty())
    return LLVMFuzzerMutate(data, size, maxSize);
  const Token &token = tokens[rng() % tokens.size()];
  std::string word = text.substr(token.begin, token.end - token.begin);
  std::string mutated =
      substitute(text, token, replacement(word, token.number, rng), rng);
  if (mutated.size() > maxSize || mutated == text)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::memcpy(data, mutated.data(), mutated.size());
  return mutated.size();
}
