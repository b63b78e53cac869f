internal import CLibXML2

/// Title and text blocks of an HTML page, through libxml2's SAX interface: the parser calls back into a
/// `HTMLTextCollector` and never builds a tree, which makes it more than twice as fast as walking a DOM.
/// This file and `LibXML2`, which loads the library, are the only places that touch libxml2.
enum HTMLExtractor {
    enum Outcome {
        case document(ExtractedDocument)
        /// libxml2 could not convert the page from the encoding it was given.
        case encodingFailed
        case unparseable
        /// libxml2 could not be loaded (`LibXML2`): why.
        case libraryUnavailable(String)
    }

    /// Recovering from broken markup is the point; the network is never touched; libxml2 must not print.
    /// IGNORE_ENC because we have already decided the encoding, better than libxml2's own guess.
    private static let options = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// Parses `bytes`, which are UTF-8 when `encoding` is nil and otherwise in the named encoding (an iconv
    /// name) for libxml2 to convert.
    static func extract(_ bytes: UnsafeRawBufferPointer, encoding: String?) -> Outcome {
        let xml: LibXML2
        switch LibXML2.shared {
        case .success(let loaded): xml = loaded
        case .failure(let error): return .libraryUnavailable(error.message)
        }
        guard bytes.count > 0, bytes.count < Int(Int32.max), let base = bytes.baseAddress else {
            return .unparseable
        }
        guard let context = xml.createMemoryParserContext(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        else {
            return .unparseable
        }
        defer {
            if let document = context.pointee.myDoc {
                xml.freeDocument(document)
                context.pointee.myDoc = nil
            }
            xml.freeParserContext(context)
        }
        context.pointee.sax.pointee = saxHandler()
        _ = xml.useOptions(context, options)

        if let encoding {
            // The handler belongs to the parser once switched to, and is freed with it.
            guard let handler = xml.findEncodingHandler(encoding) else { return .encodingFailed }
            guard xml.switchToEncoding(context, handler) == 0 else { return .encodingFailed }
        } else {
            _ = xml.switchEncoding(context, XML_CHAR_ENCODING_UTF8)
        }

        var collector = HTMLTextCollector(expectedSize: bytes.count)
        withUnsafeMutablePointer(to: &collector) { state in
            context.pointee.userData = UnsafeMutableRawPointer(state)
            // Error reporting is per thread in libxml2; route it to this parse's state while parsing, then
            // leave a silent handler so nothing is ever printed from this thread.
            xml.setStructuredErrorFunction(UnsafeMutableRawPointer(state), recordError)
            _ = xml.parseDocument(context)
            xml.setStructuredErrorFunction(nil, ignoreError)
            context.pointee.userData = nil
        }

        if collector.encodingFailed && encoding != nil { return .encodingFailed }
        if collector.fatalError && !collector.sawContent { return .unparseable }
        let (title, text, blocks, metadata) = collector.finish()
        return .document(
            ExtractedDocument(
                title: title, text: text.withUnsafeBytes { UTF8Scanner.string(decoding: $0) }, blocks: blocks,
                metadata: metadata))
    }

    private static func saxHandler() -> htmlSAXHandler {
        var sax = htmlSAXHandler()
        sax.startElement = { state, name, attributes in
            guard let state, let name else { return }
            state.assumingMemoryBound(to: HTMLTextCollector.self).pointee.startElement(
                HTMLElementRole.of(name), attributes: HTMLAttributes(pairs: UnsafePointer(attributes)))
        }
        sax.endElement = { state, name in
            guard let state, let name else { return }
            state.assumingMemoryBound(to: HTMLTextCollector.self).pointee.endElement(HTMLElementRole.of(name))
        }
        sax.characters = { state, characters, length in
            guard let state, let characters, length > 0 else { return }
            state.assumingMemoryBound(to: HTMLTextCollector.self).pointee.characters(characters, count: Int(length))
        }
        // Whitespace libxml2 deems ignorable still separates words.
        sax.ignorableWhitespace = sax.characters
        // Only the contents of <script> and <style> arrive here, and they are never text; a JSON-LD script's
        // is kept for the metadata.
        sax.cdataBlock = { state, characters, length in
            guard let state, let characters, length > 0 else { return }
            state.assumingMemoryBound(to: HTMLTextCollector.self).pointee.scriptText(characters, count: Int(length))
        }
        return sax
    }

    private static let recordError: xmlStructuredErrorFunc = { state, error in
        guard let state, let error else { return }
        let collector = state.assumingMemoryBound(to: HTMLTextCollector.self)
        guard error.pointee.level == XML_ERR_FATAL else { return }
        collector.pointee.fatalError = true
        let code = error.pointee.code
        if error.pointee.domain == Int32(XML_FROM_I18N.rawValue)
            || code == Int32(XML_ERR_INVALID_ENCODING.rawValue) || code == Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue)
            || code == Int32(XML_I18N_CONV_FAILED.rawValue) || code == Int32(XML_IO_ENCODER.rawValue)
        {
            collector.pointee.encodingFailed = true
        }
    }

    private static let ignoreError: xmlStructuredErrorFunc = { _, _ in }
}
