//===- Lowerings.h - the microscale-to-linalg patterns, by op -*- C++ -*-===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOLINALG_LOWERINGS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOLINALG_LOWERINGS_H

#include "microscale/Conversion/MicroscaleToLinalg/StorageTensors.h"

#include "microscale/Conversion/MicroscaleToLinalg/MicroscaleToLinalg.h"

namespace mlir::microscale::linalg_lowering {

/// The storage values an adaptor holds for a value of `type`.
Storage getStorage(QuantizedTensorType type, ValueRange values);

/// `storage` dequantized to a tensor of `element` (f32, bf16 or f16):
/// each element's value times its block scale (times the global for
/// NVFP4), one f32 rounding per multiplication, then rounded to `element`.
Value dequantize(OpBuilder &b, Location loc, const Storage &storage,
                 Type element, DecodeForm form);

/// `input` (f32, bf16 or f16, the shape of `type`) quantized to `type`:
/// data, scales and, for schemes with one, the f32 global.
SmallVector<Value> quantize(OpBuilder &b, Location loc, Value input,
                            QuantizedTensorType type, ScaleRounding rule,
                            Value givenGlobal);

void populateDequantizePatterns(TypeConverter &converter,
                                RewritePatternSet &patterns, DecodeForm form);
void populateQuantizePatterns(TypeConverter &converter,
                              RewritePatternSet &patterns);
void populateMatmulPatterns(TypeConverter &converter,
                            RewritePatternSet &patterns, DecodeForm form);

} // namespace mlir::microscale::linalg_lowering

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOLINALG_LOWERINGS_H
