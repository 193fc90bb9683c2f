import type { FoldedModel } from "./folded-model.js";
import { createModelProtoType, ONNX_FLOAT, ONNX_INT64, ONNX_INT8 } from "./onnx-schema.js";

type Attribute = { name: string; type: number; i?: number };
type Tensor = { name: string; dims: number[]; data_type: number; raw_data: Uint8Array };
type Node = { op_type: string; input: string[]; output: string[]; name: string; attribute?: Attribute[] };

const bytesOf = (data: Float32Array | Int8Array | BigInt64Array): Uint8Array =>
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
const floatTensor = (name: string, dims: number[], data: Float32Array): Tensor => ({
  name,
  dims,
  data_type: ONNX_FLOAT,
  raw_data: bytesOf(data),
});
const int64Tensor = (name: string, dims: number[], values: number[]): Tensor => ({
  name,
  dims,
  data_type: ONNX_INT64,
  raw_data: bytesOf(BigInt64Array.from(values.map((v) => BigInt(v)))),
});
const ATTR_INT = 2;
const intAttr = (name: string, i: number): Attribute => ({ name, type: ATTR_INT, i });

/**
 * Serialises a folded ensemble as an ONNX model (opset 13): `input_ids`, `attention_mask` [batch, sequence] int64 →
 * gathered int8 token and hashed-bigram rows, cast to float and scaled by their row scale (times the mask) → mean
 * over the sequence → per member MatMul + Add + Softmax → mean of the members' probabilities → `logits` = its log,
 * [batch, num_labels] (so the pipeline's softmax gives back the mean probability).
 */
export function exportFoldedOnnx(model: FoldedModel): Uint8Array {
  const { dim, members, numLabels, quantized } = model;
  const width = members * dim;
  const node = (op_type: string, input: string[], output: string, attribute?: Attribute[]): Node => ({
    op_type,
    input,
    output: [output],
    name: output,
    ...(attribute ? { attribute } : {}),
  });
  const toFloat = [intAttr("to", ONNX_FLOAT)];
  const sumOver = (input: string, axes: string, output: string, keepdims: number): Node =>
    node("ReduceSum", [input, axes], output, [intAttr("keepdims", keepdims)]);
  const initializer: Tensor[] = [
    { name: "embedding_q", dims: [quantized.rows, width], data_type: ONNX_INT8, raw_data: bytesOf(quantized.values) },
    floatTensor("embedding_scale", [quantized.rows], quantized.scales),
    floatTensor("classifier_weight", [members, dim, numLabels], model.weight),
    floatTensor("classifier_bias", [members, 1, numLabels], model.bias),
    floatTensor("one", [], Float32Array.of(1)),
    floatTensor("inv_members", [], Float32Array.of(1 / members)),
    floatTensor("tiny", [], Float32Array.of(1e-30)),
    int64Tensor("axis1", [1], [1]),
    int64Tensor("axis2", [1], [2]),
    int64Tensor("axes12", [2], [1, 2]),
    int64Tensor("zero", [1], [0]),
    int64Tensor("minus_one", [1], [-1]),
    int64Tensor("one_i", [1], [1]),
    int64Tensor("end", [1], [2 ** 31 - 1]),
    int64Tensor("member_shape", [4], [-1, members, 1, dim]),
    int64Tensor("bigram_prime", [], [model.bigramPrime]),
    int64Tensor("bigram_buckets", [], [model.bigramBuckets]),
    int64Tensor("vocab_size", [], [model.vocabSize]),
  ];
  /** Sum over the sequence of `rows`' dequantized embeddings, each weighted by `mask` [batch, positions]. */
  const bagSum = (prefix: string, rows: string, mask: string): Node[] => [
    node("Gather", ["embedding_q", rows], `${prefix}_q`),
    node("Cast", [`${prefix}_q`], `${prefix}_f`, toFloat),
    node("Gather", ["embedding_scale", rows], `${prefix}_scale`),
    node("Mul", [`${prefix}_scale`, mask], `${prefix}_weight`),
    node("Unsqueeze", [`${prefix}_weight`, "axis2"], `${prefix}_weight3`),
    node("Mul", [`${prefix}_f`, `${prefix}_weight3`], `${prefix}_scaled`),
    sumOver(`${prefix}_scaled`, "axis1", `${prefix}_sum`, 0),
  ];
  const nodes: Node[] = [
    node("Cast", ["attention_mask"], "mask", toFloat),
    ...bagSum("tok", "input_ids", "mask"),
    node("Slice", ["input_ids", "zero", "minus_one", "axis1"], "ids_a"),
    node("Slice", ["input_ids", "one_i", "end", "axis1"], "ids_b"),
    node("Slice", ["mask", "zero", "minus_one", "axis1"], "mask_a"),
    node("Slice", ["mask", "one_i", "end", "axis1"], "mask_b"),
    node("Mul", ["mask_a", "mask_b"], "bi_mask"),
    node("Mul", ["ids_a", "bigram_prime"], "bi_scaled_ids"),
    node("Add", ["bi_scaled_ids", "ids_b"], "bi_key"),
    node("Mod", ["bi_key", "bigram_buckets"], "bi_bucket"),
    node("Add", ["bi_bucket", "vocab_size"], "bi_row"),
    ...bagSum("bi", "bi_row", "bi_mask"),
    sumOver("mask", "axis1", "count", 1),
    node("Max", ["count", "one"], "count_safe"),
    node("Add", ["tok_sum", "bi_sum"], "bag_sum"),
    node("Div", ["bag_sum", "count_safe"], "pooled"),
    node("Reshape", ["pooled", "member_shape"], "pooled_members"),
    node("MatMul", ["pooled_members", "classifier_weight"], "projected"),
    node("Add", ["projected", "classifier_bias"], "member_logits"),
    node("Softmax", ["member_logits"], "member_probs", [intAttr("axis", -1)]),
    sumOver("member_probs", "axes12", "probs_sum", 0),
    node("Mul", ["probs_sum", "inv_members"], "probs"),
    node("Max", ["probs", "tiny"], "probs_safe"),
    node("Log", ["probs_safe"], "logits"),
  ];
  const dims = (...names: (string | number)[]) => ({
    dim: names.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })),
  });
  const io = (name: string, elemType: number, shape: ReturnType<typeof dims>) => ({
    name,
    type: { tensor_type: { elem_type: elemType, shape } },
  });
  const ModelProto = createModelProtoType();
  const message = ModelProto.fromObject({
    ir_version: 7,
    producer_name: "frontdesk-intents",
    producer_version: "2",
    opset_import: [{ domain: "", version: 13 }],
    graph: {
      name: "frontdesk_intent_classifier",
      node: nodes,
      initializer,
      input: [
        io("input_ids", ONNX_INT64, dims("batch", "sequence")),
        io("attention_mask", ONNX_INT64, dims("batch", "sequence")),
      ],
      output: [io("logits", ONNX_FLOAT, dims("batch", numLabels))],
    },
  });
  return ModelProto.encode(message).finish();
}
