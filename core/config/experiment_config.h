// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lada {

/**
 * The typed settings of one active-learning run. Every field here is declared once more, with its one
 * spelling, help text and paper default, in the setting table (core/config/setting_table.h), which is
 * the only code that reads or writes it as text or JSON: lada-cli's flags, the workbench's --set and
 * settings dialog, session.json and the results file all go through that table.
 */

/** Acquisition functions (LADA.md Table 1 rows). */
enum class StrategyKind {
    Random,
    Entropy,           ///< max H[y|x] in bits
    VarRatio,          ///< variation ratio 1 - max p
    Bald,              ///< MC-dropout mutual information, T passes
    EntManifoldMixup,  ///< the pipelined baseline: entropy, then manifold mixup of the queried pairs
    LadaEntMix,        ///< LADA with entropy as the acquisition score and a learned tau
    LadaEntMixFixed,   ///< the fixed-tau ablation
    LadaVarMix,
    LadaVarMixFixed,
    Coreset,  ///< k-center greedy over penultimate embeddings (Sener & Savarese 2018; ALGORITHMS.md 3.5.3)
    Badge,    ///< k-means++ seeding over last-layer gradient embeddings (Ash et al. 2020; ALGORITHMS.md 3.5.4)
    AlfaMix,  ///< feature mixing with class anchors, then k-means of the flipping candidates (ALGORITHMS.md 1)
    Cal,      ///< prediction variance over label-preserving augmentations, then mixup (ALGORITHMS.md 3.5.5)
};
/** The classifier: from scratch on pixels (cnn, resnet18), or an MLP head on backbone embeddings. */
enum class ModelKind { Cnn, Resnet18, Head };
enum class DeviceChoice { Auto, Cpu, Cuda };
/** How the mixing policy is trained: Eq. 11-12 through the network, or on the tabulated score curve. */
enum class PolicyObjective { Exact, Curve };
/** Crop+flip augmentation while training: Auto = on for 3-channel images. */
enum class AugmentMode { Auto, On, Off };

/** The command-line spelling of each value ("lada-entmix"), and back; fromString throws ConfigError listing the valid names. */
std::string toString(StrategyKind v);
std::string toString(ModelKind v);
std::string toString(DeviceChoice v);
std::string toString(PolicyObjective v);
std::string toString(AugmentMode v);
StrategyKind strategyFromString(std::string_view name);
ModelKind modelFromString(std::string_view name);
DeviceChoice deviceFromString(std::string_view name);
PolicyObjective objectiveFromString(std::string_view name);
AugmentMode augmentFromString(std::string_view name);
const std::vector<std::string>& strategyNames();
const std::vector<std::string>& modelNames();
const std::vector<std::string>& deviceNames();
const std::vector<std::string>& objectiveNames();
const std::vector<std::string>& augmentNames();

/** True for the LADA family (pairs with virtual instances). */
bool isLada(StrategyKind v);
/** True for the strategies that mix the queried pairs at a fixed tau (LADA^fixed, the pipelined baselines, CAL). */
bool usesFixedTau(StrategyKind v);

/** Classifier training after each acquisition. */
struct TrainOptions {
    int epochs = 50;
    int batchSize = 10;
    double learningRate = 1e-3;
    bool augment = false;  ///< resolved from ExperimentConfig::augment by the learner
};

/** Settings of every acquisition strategy; each one reads those it needs. */
struct StrategyOptions {
    StrategyKind kind = StrategyKind::Entropy;
    // Uncertainty baselines
    int mcPasses = 10;       ///< T, BALD's Monte Carlo dropout passes
    double mcDropout = 0.5;  ///< dropout probability of BALD's passes on the penultimate embedding
    // LADA (LADA.md, Algorithm 1)
    double gamma = 1.0;      ///< weight of the virtual-instance term, Eq. 13
    int lambdaSamples = 10;  ///< N lambda samples per pair, Eq. 11
    int policyEpochs = 10;   ///< epochs of pi_phi training per round
    int policyBatch = 100;   ///< pairs per policy batch
    double policyLearningRate = 5e-5;
    double tauMax = 1.0;  ///< tau = tauMax * sigmoid(.): the largest tau pi_phi outputs
    /** LADA^fixed / pipelined tau; unset = the paper's 2.0 (manifold) or 0.2 (input, k = 0). */
    std::optional<double> fixedTau;
    int mixLayerMin = 1;  ///< k drawn uniformly from [mixLayerMin, mixLayerMax] each round
    int mixLayerMax = 2;
    bool warmStartPolicy = false;  ///< keep phi from the previous round
    /** Curve by default: as accurate as Exact in the study (docs/experiments, step 3) and 5-6x faster. */
    PolicyObjective policyObjective = PolicyObjective::Curve;
    int curvePoints = 9;      ///< lambda nodes of the "curve" objective
    int64_t passBatch = 512;  ///< samples per forward/backward chunk (bounds peak memory)

    /** fixedTau, or the paper's default for mixing layer k: 2.0 for feature maps, 0.2 for the input. */
    double fixedTauFor(int k) const { return fixedTau ? *fixedTau : (k == 0 ? 0.2 : 2.0); }
};

/** The workbench's t-SNE view of the embedding after each proposal. */
struct EmbeddingOptions {
    /// Grey pool points; 0 = no t-SNE. With up to 1,000 labeled rows the map has ~6,000 points: Barnes-Hut
    /// t-SNE draws them in ~3 s on 2 cores at 400 iterations (exact t-SNE needed 400 points to stay near that).
    int poolPoints = 5000;
    int iterations = 400;
};

/**
 * A frozen pretrained network whose embeddings replace the pixels (issue 11): the pool is held as float16
 * [N, D] embeddings computed once and cached on disk, and `model` must be `head`.
 */
struct BackboneOptions {
    std::string file;                         ///< TorchScript (.pt) or ONNX (.onnx); empty = no backbone
    std::optional<int> inputSize;             ///< square input side; unset = the JSON beside the model, else 224
    std::optional<std::vector<double>> mean;  ///< per RGB channel, 0-1 scale; unset = JSON, else ImageNet's
    std::optional<std::vector<double>> stddev;
    bool letterbox = false;  ///< pad to a square instead of the centre crop of the shorter side's resize
};

/** Every setting of one active-learning run. */
struct ExperimentConfig {
    ModelKind model = ModelKind::Cnn;
    int rounds = 10;            ///< acquisition rounds after round 0; 0 = until stopped (the workbench)
    int64_t budget = 10;        ///< b, images labeled per round
    int64_t initial = 20;       ///< n0, labeled before round 1 (balanced when labels are known)
    int64_t poolSubset = 2000;  ///< candidates drawn from the pool each round (S-A.2); 0 = all
    /** Seed of every random choice; unset = drawn once when the run starts (then recorded). */
    std::optional<uint64_t> seed = uint64_t{0};
    DeviceChoice device = DeviceChoice::Auto;
    std::optional<int> threads;     ///< LibTorch threads; unset = all cores
    bool continueTraining = false;  ///< keep the weights between rounds (the paper re-initialises)
    double dropout = 0.0;           ///< before the final layer, during training
    int64_t headHidden = 256;       ///< hidden width of the `head` model's MLP
    /** Training size (square side) of photo folders for the from-scratch models; unset = chosen from the
     *  data (the most common size when it is at most 64 px on its long side, else 64 x 64). */
    std::optional<int> imageSize;
    BackboneOptions backbone;
    AugmentMode augment = AugmentMode::Auto;
    TrainOptions training;
    StrategyOptions strategy;
    EmbeddingOptions embedding;

    /** The seed, which must have been resolved (resolveSeed) before the run starts. */
    uint64_t seedValue() const { return seed.value_or(0); }
};

/** Draws a seed when `config.seed` is unset (from std::random_device), so the run can be repeated from its record. */
void resolveSeed(ExperimentConfig& config);

}  // namespace lada
