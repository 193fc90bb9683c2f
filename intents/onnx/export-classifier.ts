import type { FoldedModel } from "./folded-model.js";
import { createModelProtoType, ONNX_FLOAT, ONNX_FLOAT16, ONNX_INT64 } from "./onnx-schema.js";

type Tensor = { name: string; dims: number[]; data_type: number; raw_data: Uint8Array };
type Node = { op_type: string; input: string[]; output: string[]; name: string; attribute?: { name: string; type: number; i?: number }[] };

const floatTensor = (name: string, dims: number[], data: Float32Array): Tensor =>
  ({ name, dims, data_type: ONNX_FLOAT, raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
const int64Tensor = (name: string, dims: number[], values: number[]): Tensor => {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims, data_type: ONNX_INT64, raw_data: new Uint8Array(data.buffer) };
};
const ATTR_INT = 2;

/**
 * Serialises a folded classifier as an ONNX model (opset 13): `input_ids`, `attention_mask` [batch, sequence] int64 →
 * masked mean of gathered (float16, cast to float) token and hashed-bigram embeddings → MatMul + Add →
 * `logits` [batch, num_labels].
 */
export function exportFoldedOnnx(model: FoldedModel): Uint8Array {
  const { dim, numLabels } = model;
  const space = model;
  const node = (op_type: string, input: string[], output: string, extra: Partial<Node> = {}): Node =>
    ({ op_type, input, output: [output], name: output, ...extra });
  const initializer: Tensor[] = [
    { name: "embedding", dims: [space.vocabSize + space.bigramBuckets, dim], data_type: ONNX_FLOAT16, raw_data: new Uint8Array(model.tableHalf.buffer) },
    floatTensor("classifier_weight", [dim, numLabels], model.weight),
    floatTensor("classifier_bias", [numLabels], model.bias),
    floatTensor("one", [], Float32Array.of(1)),
    int64Tensor("axis1", [1], [1]),
    int64Tensor("axis2", [1], [2]),
    int64Tensor("zero", [1], [0]),
    int64Tensor("minus_one", [1], [-1]),
    int64Tensor("one_i", [1], [1]),
    int64Tensor("end", [1], [2 ** 31 - 1]),
    int64Tensor("bigram_prime", [], [space.bigramPrime]),
    int64Tensor("bigram_buckets", [], [space.bigramBuckets]),
    int64Tensor("vocab_size", [], [space.vocabSize]),
  ];
  const nodes: Node[] = [
    node("Cast", ["attention_mask"], "mask", { attribute: [{ name: "to", type: ATTR_INT, i: ONNX_FLOAT }] }),
    node("Unsqueeze", ["mask", "axis2"], "mask3"),
    node("Gather", ["embedding", "input_ids"], "tok_emb_half"),
    node("Cast", ["tok_emb_half"], "tok_emb", { attribute: [{ name: "to", type: ATTR_INT, i: ONNX_FLOAT }] }),
    node("Mul", ["tok_emb", "mask3"], "tok_masked"),
    node("ReduceSum", ["tok_masked", "axis1"], "tok_sum", { attribute: [{ name: "keepdims", type: ATTR_INT, i: 0 }] }),
    node("Slice", ["input_ids", "zero", "minus_one", "axis1"], "ids_a"),
    node("Slice", ["input_ids", "one_i", "end", "axis1"], "ids_b"),
    node("Slice", ["mask", "zero", "minus_one", "axis1"], "mask_a"),
    node("Slice", ["mask", "one_i", "end", "axis1"], "mask_b"),
    node("Mul", ["mask_a", "mask_b"], "bi_mask"),
    node("Unsqueeze", ["bi_mask", "axis2"], "bi_mask3"),
    node("Mul", ["ids_a", "bigram_prime"], "bi_scaled"),
    node("Add", ["bi_scaled", "ids_b"], "bi_key"),
    node("Mod", ["bi_key", "bigram_buckets"], "bi_bucket"),
    node("Add", ["bi_bucket", "vocab_size"], "bi_row"),
    node("Gather", ["embedding", "bi_row"], "bi_emb_half"),
    node("Cast", ["bi_emb_half"], "bi_emb", { attribute: [{ name: "to", type: ATTR_INT, i: ONNX_FLOAT }] }),
    node("Mul", ["bi_emb", "bi_mask3"], "bi_masked"),
    node("ReduceSum", ["bi_masked", "axis1"], "bi_sum", { attribute: [{ name: "keepdims", type: ATTR_INT, i: 0 }] }),
    node("ReduceSum", ["mask", "axis1"], "count", { attribute: [{ name: "keepdims", type: ATTR_INT, i: 1 }] }),
    node("Max", ["count", "one"], "count_safe"),
    node("Add", ["tok_sum", "bi_sum"], "bag_sum"),
    node("Div", ["bag_sum", "count_safe"], "pooled"),
    node("MatMul", ["pooled", "classifier_weight"], "projected"),
    node("Add", ["projected", "classifier_bias"], "logits"),
  ];
  const dims = (...names: (string | number)[]) => ({
    dim: names.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })),
  });
  const io = (name: string, elemType: number, shape: ReturnType<typeof dims>) =>
    ({ name, type: { tensor_type: { elem_type: elemType, shape } } });
  const ModelProto = createModelProtoType();
  const message = ModelProto.fromObject({
    ir_version: 7,
    producer_name: "frontdesk-intents",
    producer_version: "1",
    opset_import: [{ domain: "", version: 13 }],
    graph: {
      name: "frontdesk_intent_classifier",
      node: nodes,
      initializer,
      input: [io("input_ids", ONNX_INT64, dims("batch", "sequence")), io("attention_mask", ONNX_INT64, dims("batch", "sequence"))],
      output: [io("logits", ONNX_FLOAT, dims("batch", numLabels))],
    },
  });
  return ModelProto.encode(message).finish();
}
