import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed SVG document: name, attributes, its own text and the classes of its ancestor groups.
struct SVGElement {
    var name: String
    var attributes: [String: String]
    var text: String
    var ancestorClasses: [String]

    var cssClass: String? { attributes["class"] }
    func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
}

/// Parses SVG text with Foundation's XMLParser (an independent XML parser): a parse error fails the test.
final class SVGTestParser: NSObject, XMLParserDelegate {
    private(set) var elements: [SVGElement] = []
    private var stack: [Int] = []
    private(set) var error: Error?

    static func parse(_ svg: String) throws -> [SVGElement] {
        let parser = XMLParser(data: Data(svg.utf8))
        let delegate = SVGTestParser()
        parser.delegate = delegate
        guard parser.parse() else {
            throw parser.parserError ?? delegate.error ?? NSError(domain: "SVGTestParser", code: 1)
        }
        return delegate.elements
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let classes = stack.compactMap { elements[$0].cssClass }
        elements.append(SVGElement(name: elementName, attributes: attributeDict, text: "", ancestorClasses: classes))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = stack.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}
