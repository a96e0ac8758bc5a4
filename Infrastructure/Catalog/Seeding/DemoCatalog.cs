namespace PeakShop.Infrastructure.Catalog.Seeding;

/// <summary>The word lists the demo catalog is generated from. Changing them changes the seed.</summary>
internal static class DemoCatalog
{
    public sealed record Department(string Name, string Blurb, Subcategory[] Subcategories, string[] UseCases);

    public sealed record Subcategory(string Name, string Noun, decimal MinPrice, decimal MaxPrice);

    public static readonly Department[] Departments =
    [
        new("Outdoor", "Shelter, packs and light for days and nights outside.",
        [
            new("Tents", "Tent", 89, 749), new("Sleeping Bags", "Sleeping Bag", 59, 499),
            new("Backpacks", "Backpack", 39, 329), new("Hiking Boots", "Hiking Boot", 79, 289),
            new("Camp Kitchen", "Camp Stove", 24, 189), new("Headlamps", "Headlamp", 14, 119),
            new("Trekking Poles", "Trekking Pole", 29, 179),
        ],
        ["multi-day treks", "weekend camping", "alpine routes", "forest trails"]),
        new("Cycling", "Everything between you and the road.",
        [
            new("Helmets", "Helmet", 45, 299), new("Bike Lights", "Bike Light", 15, 149),
            new("Cycling Jerseys", "Jersey", 35, 179), new("Bike Locks", "Lock", 19, 129),
            new("Saddles", "Saddle", 29, 259), new("Tyres", "Tyre", 19, 89),
            new("Bike Pumps", "Pump", 15, 99),
        ],
        ["daily commuting", "gravel rides", "long road climbs", "city cycling"]),
        new("Running", "Shoes, layers and gadgets for every pace.",
        [
            new("Running Shoes", "Running Shoe", 69, 229), new("Running Jackets", "Running Jacket", 49, 249),
            new("Running Shorts", "Running Short", 19, 79), new("GPS Watches", "GPS Watch", 99, 649),
            new("Hydration Vests", "Hydration Vest", 39, 169), new("Compression Socks", "Compression Sock", 9, 39),
            new("Running Caps", "Running Cap", 12, 45),
        ],
        ["marathon training", "trail running", "interval sessions", "easy recovery runs"]),
        new("Kitchen", "Tools for cooks who cook every day.",
        [
            new("Chef Knives", "Chef Knife", 29, 349), new("Frying Pans", "Frying Pan", 24, 189),
            new("Coffee Grinders", "Coffee Grinder", 29, 399), new("Espresso Machines", "Espresso Machine", 149, 1499),
            new("Cutting Boards", "Cutting Board", 15, 119), new("Kettles", "Kettle", 25, 179),
            new("Mixing Bowls", "Mixing Bowl", 9, 69),
        ],
        ["weeknight dinners", "weekend baking", "slow Sunday breakfasts", "batch cooking"]),
        new("Home Office", "A desk that works as hard as you do.",
        [
            new("Desk Lamps", "Desk Lamp", 25, 229), new("Office Chairs", "Office Chair", 129, 1199),
            new("Standing Desks", "Standing Desk", 249, 1299), new("Keyboards", "Keyboard", 29, 249),
            new("Monitor Arms", "Monitor Arm", 39, 299), new("Notebooks", "Notebook", 5, 39),
            new("Webcams", "Webcam", 29, 219),
        ],
        ["long focus sessions", "video calls", "small apartments", "shared studios"]),
        new("Electronics", "Small devices, big convenience.",
        [
            new("Bluetooth Speakers", "Bluetooth Speaker", 29, 399), new("Earbuds", "Earbuds", 29, 299),
            new("Power Banks", "Power Bank", 19, 149), new("Chargers", "Charger", 12, 99),
            new("Smart Plugs", "Smart Plug", 9, 49), new("E-Readers", "E-Reader", 89, 349),
            new("Action Cameras", "Action Camera", 99, 549),
        ],
        ["travel days", "the daily commute", "weekend adventures", "a connected home"]),
        new("Garden", "Grow more, water less, work comfortably.",
        [
            new("Garden Hoses", "Garden Hose", 19, 129), new("Pruning Shears", "Pruning Shear", 12, 89),
            new("Planters", "Planter", 9, 199), new("Watering Cans", "Watering Can", 9, 59),
            new("Garden Gloves", "Garden Glove", 7, 39), new("Seed Kits", "Seed Kit", 6, 49),
            new("Outdoor Lights", "Outdoor Light", 15, 199),
        ],
        ["balcony gardens", "vegetable beds", "spring planting", "summer evenings outside"]),
        new("Snow", "Warmth and grip for the cold season.",
        [
            new("Ski Goggles", "Ski Goggle", 39, 259), new("Ski Gloves", "Ski Glove", 25, 179),
            new("Base Layers", "Base Layer", 29, 139), new("Beanies", "Beanie", 12, 59),
            new("Snowshoes", "Snowshoe", 99, 349), new("Ski Socks", "Ski Sock", 12, 45),
            new("Insulated Jackets", "Insulated Jacket", 99, 599),
        ],
        ["powder days", "ski touring", "winter walks", "cold commutes"]),
    ];

    public static readonly string[] Brands =
    [
        "Northwind Gear", "Alder & Pine", "Summitcraft", "Bluefjord", "Kestrel Works", "Oakridge",
        "Helio Labs", "Copperline", "Tundra Supply", "Wavecrest", "Ironbark", "Lumen & Co",
        "Fernhollow", "Granite Peak", "Velocita", "Marlow Home", "Nimbus Audio", "Redwood Trail",
        "Saltmarsh", "Brightwell", "Cobalt Forge", "Driftwood", "Everstone", "Foxglove",
    ];

    public static readonly string[] Adjectives =
    [
        "Alpine", "Trail", "Ultralight", "Classic", "Pro", "Compact", "Summit", "Urban", "Expedition",
        "Everyday", "Carbon", "Storm", "Breeze", "Granite", "Nordic", "Coastal", "Ridge", "Swift",
        "Terra", "Aero",
    ];

    public static readonly string[] Models = ["X1", "X2", "X3", "200", "350", "500", "Plus", "Max", "Lite", "GTX", "2.0", "Air"];

    public static readonly string[] Colours =
    [
        "Black", "Slate", "Forest Green", "Ocean Blue", "Ember Red", "Sand", "White", "Charcoal", "Mustard", "Plum",
    ];

    public static readonly string[] Materials =
    [
        "recycled nylon", "brushed aluminium", "organic cotton", "stainless steel", "merino wool",
        "FSC-certified oak", "ripstop polyester", "silicone", "carbon fibre", "vegetable-tanned leather",
    ];

    public static readonly string[] Features =
    [
        "It packs down small and weighs less than you expect.",
        "Every seam is taped and every edge reinforced where wear happens first.",
        "A one-handed adjustment keeps the fit right on the move.",
        "The finish shrugs off scratches, stains and the occasional drop.",
        "Thoughtful details, like a hidden pocket and a reflective trim, make daily use easier.",
        "It was tested for a full season by our own team before it reached the shop.",
        "Replacement parts are available for years, so it can be repaired instead of replaced.",
        "It is quiet, efficient and simple to clean.",
    ];
}
