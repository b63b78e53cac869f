#if canImport(Glibc)
import Glibc
#endif
internal import CLibXML2

/// The libxml2 functions `HTMLExtractor` calls, loaded with `dlopen` on first use instead of linked into the
/// program. Debian's libxml2 brings ICU, lzma and zlib with it, and loading those costs every process about
/// 1.4 ms at start (a C program that only links them), though only HTML ingest uses them. The headers still
/// come from the `CLibXML2` system library, which names no pkg-config package so that nothing links the library
/// (Package.swift).
struct LibXML2: @unchecked Sendable {
    typealias CreateMemoryParserContext = @convention(c) (UnsafePointer<CChar>?, Int32) -> htmlParserCtxtPtr?
    typealias ParserContextFunction = @convention(c) (htmlParserCtxtPtr?) -> Int32
    typealias FreeParserContext = @convention(c) (htmlParserCtxtPtr?) -> Void
    typealias FreeDocument = @convention(c) (xmlDocPtr?) -> Void
    typealias UseOptions = @convention(c) (htmlParserCtxtPtr?, Int32) -> Int32
    typealias FindEncodingHandler = @convention(c) (UnsafePointer<CChar>?) -> xmlCharEncodingHandlerPtr?
    typealias SwitchToEncoding = @convention(c) (xmlParserCtxtPtr?, xmlCharEncodingHandlerPtr?) -> Int32
    typealias SwitchEncoding = @convention(c) (xmlParserCtxtPtr?, xmlCharEncoding) -> Int32
    typealias SetStructuredErrorFunction = @convention(c) (UnsafeMutableRawPointer?, xmlStructuredErrorFunc?) -> Void
    typealias InitParser = @convention(c) () -> Void

    let createMemoryParserContext: CreateMemoryParserContext
    let parseDocument: ParserContextFunction
    let freeParserContext: FreeParserContext
    let freeDocument: FreeDocument
    let useOptions: UseOptions
    let findEncodingHandler: FindEncodingHandler
    let switchToEncoding: SwitchToEncoding
    let switchEncoding: SwitchEncoding
    let setStructuredErrorFunction: SetStructuredErrorFunction

    /// The library's soname: the ABI Debian's libxml2-dev headers describe.
    static let soname = "libxml2.so.2"

    /// Loaded and initialised once per process (`xmlInitParser` must run before threads parse concurrently; a
    /// global's lazy initialisation is thread-safe), or why it could not be.
    static let shared: Result<LibXML2, LoadError> = load(soname)

    struct LoadError: Error, Sendable {
        let message: String
    }

    /// Loads the library named `soname` and initialises its parser; a test names one that is missing.
    static func load(_ soname: String) -> Result<LibXML2, LoadError> {
        guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(LoadError(message: dlerror().map { String(cString: $0) } ?? "cannot load \(soname)"))
        }
        func symbol<Function>(_ name: String, as _: Function.Type) throws(LoadError) -> Function {
            guard let address = dlsym(handle, name) else {
                throw LoadError(message: "\(soname) has no \(name)")
            }
            return unsafeBitCast(address, to: Function.self)
        }
        do throws(LoadError) {
            let library = LibXML2(
                createMemoryParserContext: try symbol("htmlCreateMemoryParserCtxt", as: CreateMemoryParserContext.self),
                parseDocument: try symbol("htmlParseDocument", as: ParserContextFunction.self),
                freeParserContext: try symbol("htmlFreeParserCtxt", as: FreeParserContext.self),
                freeDocument: try symbol("xmlFreeDoc", as: FreeDocument.self),
                useOptions: try symbol("htmlCtxtUseOptions", as: UseOptions.self),
                findEncodingHandler: try symbol("xmlFindCharEncodingHandler", as: FindEncodingHandler.self),
                switchToEncoding: try symbol("xmlSwitchToEncoding", as: SwitchToEncoding.self),
                switchEncoding: try symbol("xmlSwitchEncoding", as: SwitchEncoding.self),
                setStructuredErrorFunction: try symbol("xmlSetStructuredErrorFunc", as: SetStructuredErrorFunction.self))
            try symbol("xmlInitParser", as: InitParser.self)()
            return .success(library)
        } catch {
            return .failure(error)
        }
    }
}
