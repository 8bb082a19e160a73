import Foundation
import ReferenceTransformer
import Tensors

/// A linear head in safetensors (`--head FILE`): tensors `weight` [classes, width] and `bias`
/// [classes] (any float dtype, read as Doubles), and `__metadata__.labels`, a JSON array of the
/// class names in class order. Other metadata (`source`, `input`, `rule`) is kept as given.
/// scripts/fetch-intent-head writes one from the PyPI package rag-intent-classifier.
public enum HeadFile {
    public static func load(_ url: URL) throws -> (head: LinearHead, metadata: [String: String]) {
        let file = try SafetensorsFile(contentsOf: url)
        func fail(_ message: String) -> ModelError { ModelError("\(url.lastPathComponent): \(message)") }
        guard let text = file.metadata["labels"] else {
            throw fail("no __metadata__.labels (a JSON array of the class names)")
        }
        let names: [String]
        do {
            guard case .array(let items) = try JSONParser.parse(text) else { throw fail("__metadata__.labels is not a JSON array") }
            names = try items.map { item in
                guard let name = item.stringValue else { throw fail("__metadata__.labels has an entry that is not a string") }
                return name
            }
        } catch let error as ModelError {
            throw error
        } catch {
            throw fail("__metadata__.labels is not valid JSON: \(error)")
        }
        do {
            let head = try LinearHead(weight: try file.doubles("weight"), bias: try file.doubles("bias"), labels: names)
            return (head, file.metadata)
        } catch let error as OperatorError {
            throw fail("\(error)")
        }
    }
}
