import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// A neuron a pipeline places at a site: it steps on a tensor and leaves a residual (its
/// membrane V_t, or for a pair S_t − emitted total) for observers.
protocol SiteNeuron<Scalar>: Sendable {
    associatedtype Scalar: SpikeScalar
    mutating func step(_ input: Tensor<Scalar>) throws -> Tensor<Scalar>
    var residual: Tensor<Scalar>? { get }
}

extension MultiThresholdNeuron: SiteNeuron {
    var residual: Tensor<Scalar>? { state.membrane }
}

extension IFNeuron: SiteNeuron {
    var residual: Tensor<Scalar>? { state.membrane }
}

extension SignedBurstPair: SiteNeuron {}

/// The neurons of one block, by site, with their running totals for observers.
struct NeuronSites<Neuron: SiteNeuron>: Sendable {
    typealias Scalar = Neuron.Scalar
    let layer: Int
    var neurons: [EncoderSite: Neuron]
    var totals: [EncoderSite: SiteTotal<Scalar>]

    init(layer: Int, _ neurons: [EncoderSite: Neuron]) {
        self.layer = layer
        self.neurons = neurons
        totals = Dictionary(uniqueKeysWithValues: neurons.keys.map { ($0, SiteTotal($0)) })
    }

    /// Steps the neuron at `site`, reports the step, and returns its spikes and how many are
    /// non-zero.
    mutating func fire(
        _ site: EncoderSite, _ x: Tensor<Scalar>, _ observe: SiteObserver<Scalar>?
    ) throws -> (spikes: Tensor<Scalar>, count: Int) {
        guard neurons[site] != nil, totals[site] != nil else {
            throw OperatorError.invalidParameter("no neuron at site \(site.rawValue)")
        }
        // Stepped and recorded in place in the dictionaries: a copy taken out and written back
        // would copy the membrane on every step.
        let layer = self.layer
        let spikes = try located(layer, site) { try neurons[site]!.step(x) }
        let membrane = observe == nil ? nil : neurons[site]?.residual
        let count = try totals[site]!.record(spikes, membrane: membrane, layer: layer, observe: observe)
        return (spikes, count)
    }
}
