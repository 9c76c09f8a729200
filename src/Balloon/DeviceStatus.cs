namespace Verified.Balloon;

/// <summary>The virtio device status register (virtio 1.2 §2.1). The driver sets the bits in the order
/// ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK; writing 0 resets the device. The device alone sets
/// DEVICE_NEEDS_RESET; the driver sets FAILED when it gives up.</summary>
[Flags]
public enum DeviceStatus : byte
{
    /// <summary>0: reset (or not yet seen by a driver).</summary>
    Reset = 0,
    /// <summary>The guest has noticed the device.</summary>
    Acknowledge = 1,
    /// <summary>The guest knows how to drive the device.</summary>
    Driver = 2,
    /// <summary>The driver is set up and ready to drive the device.</summary>
    DriverOk = 4,
    /// <summary>The driver has acknowledged the features it understands; feature negotiation is over. The device
    /// refuses it (the bit does not stick) for a feature set it does not accept.</summary>
    FeaturesOk = 8,
    /// <summary>The device has met an error from which it cannot recover without a reset.</summary>
    DeviceNeedsReset = 64,
    /// <summary>The driver has given up on the device.</summary>
    Failed = 128,
}
